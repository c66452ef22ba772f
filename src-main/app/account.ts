/**
 * Whose local state this is: an account is a (server, user) pair, because the same name on
 * another server is another person. History, unread counts, drafts and the open conversation are
 * filed under the account's string form; anything else kept per user (pins) should be too.
 */
import type { Settings } from '../../src-shared/api/index.js';

type ServerChoice = Settings['server'];

/**
 * The server part: "this-computer" for the embedded server (its data is this profile's, whatever
 * port it listens on), else `host:port` as chosen, the host lowercased. `localhost` and
 * `127.0.0.1` are two names here: the app can't know they reach one server.
 */
export function accountServer(choice: ServerChoice): string {
  return choice.mode === 'embedded' ? 'this-computer' : `${choice.host.toLowerCase()}:${choice.port}`;
}

/** The account's string form: `<server>/<user>` (usernames can't contain `/`). */
export function accountOf(server: string, user: string): string {
  return `${server}/${user}`;
}

/** The user of an account's string form. */
export function userOf(account: string): string {
  return account.slice(account.lastIndexOf('/') + 1);
}
