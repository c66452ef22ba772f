/** The terminal's `password` and `unregister` (protocol 1.2 accounts): passwords asked, never echoed. */
import { Status } from '../../../src-shared/protocol/index.js';
import type { ParleyClient } from '../parley-client.js';
import { isParleyError } from '../parley-error.js';
import { formatClock } from './format.js';
import { DEFAULT_LOCK_SECONDS, newPassword, PASSWORD_RULE } from './login-flow.js';
import { safeLine } from './safe-text.js';

/** Asks one line; `secret` hides what is typed. Undefined at the end of input. */
export type Ask = (prompt: string, secret?: boolean) => Promise<string | undefined>;
type Print = (line: string) => void;

/**
 * Current password, then the new one twice, then one `[password] {old, new}`: protocol 1.2 checks
 * the old password only together with the new one, and a separate check (a [login], or a
 * [password] to the same password) would cost a try of its own or rewrite the account for nothing.
 * A wrong old password is a failed login for the server's lockout, and the user is told so.
 */
export async function changePassword(
  client: ParleyClient,
  ask: Ask,
  print: Print,
  now: () => number = Date.now,
): Promise<undefined> {
  const current = await ask('Current password: ', true);
  if (current === undefined || current === '') {
    print('Password not changed');
    return undefined;
  }
  print(`Choose a new password. ${PASSWORD_RULE}. The server checks the current one when both are sent.`);
  const next = await newPassword({ ask }, print);
  if (next === undefined) return undefined;
  try {
    await client.changePassword(current, next);
  } catch (error) {
    if (isParleyError(error, Status.unauthorized)) {
      print(
        'Password not changed: the current password was wrong. The server counts this as a failed login: ' +
          `3 in a row lock the account (for ${DEFAULT_LOCK_SECONDS} seconds by default). Type password to try again.`,
      );
      return undefined;
    }
    if (isParleyError(error, Status.forbidden)) {
      const by = formatClock(now() + DEFAULT_LOCK_SECONDS * 1000);
      print(
        'Password not changed: the account is locked after 3 wrong passwords in a row. You stay logged in here; ' +
          `with the server's default of ${DEFAULT_LOCK_SECONDS} seconds the lock is over by ${by}.`,
      );
      return undefined;
    }
    throw error;
  }
  print('Your password is changed');
  return undefined;
}

export async function deleteAccount(
  client: ParleyClient,
  ask: Ask,
  print: Print,
): Promise<'logout' | undefined> {
  const name = safeLine(client.username ?? '');
  print(
    `This deletes the account ${name} on the server for good: the messages waiting for it and its blocks go too, and anyone may take the name.`,
  );
  const password = await ask('Your password to confirm (empty to keep the account): ', true);
  if (password === undefined || password === '') {
    print('Account kept');
    return undefined;
  }
  await client.deleteAccount(password);
  print(`The account ${name} is deleted. Goodbye!`);
  return 'logout';
}
