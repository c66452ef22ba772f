/** The terminal's `password` and `unregister` (protocol 1.2 accounts): passwords asked, never echoed. */
import type { ParleyClient } from '../parley-client.js';
import { newPassword, PASSWORD_RULE } from './login-flow.js';
import { safeLine } from './safe-text.js';

/** Asks one line; `secret` hides what is typed. Undefined at the end of input. */
export type Ask = (prompt: string, secret?: boolean) => Promise<string | undefined>;
type Print = (line: string) => void;

export async function changePassword(client: ParleyClient, ask: Ask, print: Print): Promise<undefined> {
  const current = await ask('Current password: ', true);
  if (current === undefined || current === '') {
    print('Password not changed');
    return undefined;
  }
  print(`Choose a new password. ${PASSWORD_RULE}.`);
  const next = await newPassword({ ask }, print);
  if (next === undefined) return undefined;
  await client.changePassword(current, next);
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
