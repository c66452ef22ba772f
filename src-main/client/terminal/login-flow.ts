/**
 * The terminal's way in: a username (its form checked at once), a password, and for a name the
 * server does not know the offer to register it; on yes, the password is typed once more to
 * confirm it, as every sign-up asks for a new password twice, and the account gets it.
 *
 * Why the password comes before the server can say whether the name exists: before login,
 * protocol 1.2 answers only [register] and [login]. `[users]` needs a logged-in user, a
 * [register] of a new name creates it, and a [login] probe with a made-up password would count
 * as a wrong password towards the lockout (3 in a row lock the name), so checking first would
 * cost every user one of their three tries. The password typed is therefore never thrown away
 * or reused silently: the user is told it becomes the new account's once confirmed, or that it
 * was dropped on "no".
 *
 * A locked name (403) keeps the client running: it says when trying again should work and waits
 * for Enter at a prompt that hides what is typed, so a password typed out of habit goes nowhere.
 */
import { Status } from '../../../src-shared/protocol/index.js';
import { NO_STATUS, ParleyError, errorMessage } from '../parley-error.js';
import type { ParleyClient } from '../parley-client.js';
import { isUsername, USERNAME_RULE } from './commands.js';
import { formatClock } from './format.js';
import type { LineReader } from './line-reader.js';
import { safeLine } from './safe-text.js';

/** The protocol's rule for a new password (the register schema's). */
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;
export const PASSWORD_RULE = `A password is ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`;

/** A Parley server's default `--block-duration`; the 403 itself does not say. */
export const DEFAULT_LOCK_SECONDS = 60;

type Print = (line: string) => void;

/** Prompts until logged in; returns an exit code when the user can't or won't log in. */
export async function logIn(
  client: ParleyClient,
  reader: LineReader,
  print: Print,
  now: () => number = Date.now,
): Promise<number | undefined> {
  for (;;) {
    const username = (await reader.ask('Username: '))?.trim();
    if (username === undefined) return 1;
    if (username === '') continue;
    if (!isUsername(username)) {
      print(`"${safeLine(username)}" is not a valid username: ${USERNAME_RULE}`);
      continue;
    }
    for (;;) {
      const password = await reader.ask('Password: ', true);
      if (password === undefined) return 1;
      let status: number;
      try {
        await client.login(username, password);
        return undefined;
      } catch (error) {
        status = error instanceof ParleyError ? error.status : NO_STATUS;
        if (status === Status.notFound) {
          const registered = await offerRegistration(client, reader, print, username, password);
          if (registered === undefined) return 1;
          if (registered) return undefined;
          break;
        }
        print(safeLine(errorMessage(error)));
      }
      if (status === Status.unauthorized) continue; // wrong password: ask for it again
      if (status === Status.forbidden || status === Status.tooManyRequests) {
        if (!(await waitOutLock(reader, print, status, now()))) return 1;
        continue;
      }
      if (status === NO_STATUS) return 1;
      break; // already logged in elsewhere...: ask for a username again
    }
  }
}

/**
 * Says when to try again and waits for Enter; false at end of input. The typing is hidden and
 * thrown away: after a lock, the next thing a person types is often the password again.
 */
async function waitOutLock(reader: LineReader, print: Print, status: number, at: number): Promise<boolean> {
  if (status === Status.forbidden) {
    const by = formatClock(at + DEFAULT_LOCK_SECONDS * 1000);
    print(
      `The server does not say how long the lock lasts; with its default of ${DEFAULT_LOCK_SECONDS} seconds it is over by ${by}.`,
    );
  } else {
    print('The server counts failed logins from your address per minute; try again in a minute.');
  }
  print('Press Enter to try again, or Ctrl+D to leave (what you type here is hidden and not sent).');
  return (await reader.ask('Press Enter to try again: ', true)) !== undefined;
}

/** The question for a name the server does not know; Enter alone is no. */
export function registerQuestion(username: string): string {
  return `${username} is not registered on this server. Register it? [y/N] `;
}

/**
 * True once registered and logged in, false to ask for another username, undefined at end of
 * input. `typed` is the password the user gave for the name; confirmed once more, it is the new
 * account's password.
 */
async function offerRegistration(
  client: ParleyClient,
  reader: LineReader,
  print: Print,
  username: string,
  typed: string,
): Promise<boolean | undefined> {
  const answer = await reader.ask(registerQuestion(username));
  if (answer === undefined) return undefined;
  if (!/^y(es)?$/i.test(answer.trim())) {
    print(`Not registered; the password you typed for ${username} is dropped.`);
    return false;
  }
  const password = await confirmPassword(reader, print, username, typed);
  if (password === undefined) return undefined;
  try {
    await client.register(username, password);
    print(`Registered ${username}`);
    await client.login(username, password);
    return true;
  } catch (error) {
    print(safeLine(errorMessage(error)));
    return false;
  }
}

/**
 * The password already typed, once it follows the rule and is typed the same again; otherwise a
 * new one, typed twice. Either way the user is told which password the account gets.
 */
async function confirmPassword(
  reader: LineReader,
  print: Print,
  username: string,
  typed: string,
): Promise<string | undefined> {
  if (followsRule(typed)) {
    print(`Type the password again to confirm it; it becomes ${username}'s password. ${PASSWORD_RULE}.`);
    const again = await reader.ask('Repeat the password: ', true);
    if (again === undefined) return undefined;
    if (again === typed) return typed;
    print(`The two passwords differ, so neither is used. Choose ${username}'s password, typed twice.`);
  } else {
    print(`The password you typed can't be a new account's: ${PASSWORD_RULE}. Choose another, typed twice.`);
  }
  return newPassword(reader, print);
}
/** Asks for a new password until it follows the rule and is typed the same twice. */
export async function newPassword(
  reader: Pick<LineReader, 'ask'>,
  print: Print,
): Promise<string | undefined> {
  for (;;) {
    const first = await reader.ask('New password: ', true);
    if (first === undefined) return undefined;
    if (!followsRule(first)) {
      print(`${PASSWORD_RULE}; try again.`);
      continue;
    }
    const second = await reader.ask('Repeat the password: ', true);
    if (second === undefined) return undefined;
    if (first === second) return first;
    print('The two passwords differ; try again.');
  }
}

function followsRule(password: string): boolean {
  return password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX;
}
