/**
 * The terminal's way in: a username (checked before any password is asked), a password, and for
 * a name nobody has yet the offer to register it with a new password typed twice.
 */
import { Status, USERNAME_PATTERN } from '../../../src-shared/protocol/index.js';
import { NO_STATUS, ParleyError, errorMessage } from '../parley-error.js';
import type { ParleyClient } from '../parley-client.js';
import { USERNAME_RULE } from './commands.js';
import type { LineReader } from './line-reader.js';
import { safeLine } from './safe-text.js';

export const PASSWORD_RULE = 'A password is 8 to 256 characters';

type Print = (line: string) => void;

/** Prompts until logged in; returns an exit code when the user can't or won't log in. */
export async function logIn(
  client: ParleyClient,
  reader: LineReader,
  print: Print,
): Promise<number | undefined> {
  for (;;) {
    const username = (await reader.ask('Username: '))?.trim();
    if (username === undefined) return 1;
    if (username === '') continue;
    if (!USERNAME_PATTERN.test(username)) {
      print(`"${safeLine(username)}" is not a valid username: ${USERNAME_RULE}`);
      continue;
    }
    for (;;) {
      const password = await reader.ask('Password: ', true);
      if (password === undefined) return 1;
      try {
        await client.login(username, password);
        return undefined;
      } catch (error) {
        const status = error instanceof ParleyError ? error.status : NO_STATUS;
        if (status === Status.notFound) {
          const registered = await offerRegistration(client, reader, print, username);
          if (registered === undefined) return 1;
          if (registered) return undefined;
          break;
        }
        print(safeLine(errorMessage(error)));
        if (status === Status.unauthorized) continue; // wrong password: ask for it again
        if (status === Status.forbidden || status === NO_STATUS || !client.isConnected) return 1;
        break; // already logged in elsewhere...: ask for a username again
      }
    }
  }
}

/** True once registered and logged in, false to ask for another username, undefined at end of input. */
async function offerRegistration(
  client: ParleyClient,
  reader: LineReader,
  print: Print,
  username: string,
): Promise<boolean | undefined> {
  const answer = await reader.ask(`No user named ${username}. Register this username? (y/n) `);
  if (answer === undefined) return undefined;
  if (!/^y(es)?$/i.test(answer.trim())) return false;
  const password = await newPassword(reader, print);
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

/** Asks for a new password until it follows the rule and is typed the same twice. */
export async function newPassword(
  reader: Pick<LineReader, 'ask'>,
  print: Print,
): Promise<string | undefined> {
  print(`Choose a password for this account. ${PASSWORD_RULE}.`);
  for (;;) {
    const first = await reader.ask('New password: ', true);
    if (first === undefined) return undefined;
    if (first.length < 8 || first.length > 256) {
      print(`${PASSWORD_RULE}; try again.`);
      continue;
    }
    const second = await reader.ask('Repeat the password: ', true);
    if (second === undefined) return undefined;
    if (first === second) return first;
    print('The two passwords differ; try again.');
  }
}
