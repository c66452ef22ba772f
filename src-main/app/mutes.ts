/**
 * Muted conversations per account (server and user, account.ts), kept in the settings' `muted`
 * list as `<account> <key>` entries: the same room name on another server, or another user's
 * room of this profile, is not muted with it. Entries without an account (written before) count
 * for every account.
 */
const SEPARATOR = ' ';

function entryOf(account: string, key: string): string {
  return `${account}${SEPARATOR}${key}`;
}

/** Whether `key` is muted for `account` in the settings' list. */
export function isMuted(list: readonly string[], account: string | undefined, key: string): boolean {
  return list.includes(key) || (account !== undefined && list.includes(entryOf(account, key)));
}

/** The list with `key` muted or unmuted for `account` (an old unscoped entry of it goes too). */
export function withMute(list: readonly string[], account: string, key: string, muted: boolean): string[] {
  const entry = entryOf(account, key);
  const rest = list.filter((e) => e !== entry && e !== key);
  return muted ? [...rest, entry] : rest;
}
