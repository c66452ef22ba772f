/**
 * The sidebar's lists derived from the stores: which conversations and people show for a search,
 * in which order. Pure, so the components memoise them on their inputs (useMemo) instead of
 * filtering and sorting on every render.
 */
import { BROADCAST_KEY, keyFor, kindOf, peerOf, roomOf } from '../../src-shared/api/index.js';

/** A conversation's name in the list: "Broadcast", `#room` or the other person's. */
export function titleOf(key: string): string {
  if (key === BROADCAST_KEY) return 'Broadcast';
  const room = roomOf(key);
  return room === undefined ? (peerOf(key) ?? key) : `#${room}`;
}

export function matchesConversation(key: string, search: string): boolean {
  return (
    search === '' ||
    titleOf(key).toLowerCase().includes(search) ||
    (key === BROADCAST_KEY && 'everyone'.includes(search))
  );
}

/**
 * Broadcast (when it matches), then the direct and private conversations in the order of `keys`
 * (the most recent first), with running private chats that have no message yet at the end.
 */
export function conversationSections(
  keys: readonly string[],
  runningChats: readonly string[],
  search: string,
): { broadcast: boolean; direct: string[]; privateKeys: string[] } {
  const direct = keys.filter((k) => kindOf(k) === 'direct' && matchesConversation(k, search));
  const privateKeys = [
    ...new Set([
      ...keys.filter((k) => kindOf(k) === 'private'),
      ...runningChats.map((u) => keyFor('private', u)),
    ]),
  ].filter((k) => matchesConversation(k, search));
  return { broadcast: matchesConversation(BROADCAST_KEY, search), direct, privateKeys };
}

/**
 * Online now; recently online (whoelsesince) but not now; everyone else known (talked to, or the
 * last online list while disconnected), by name.
 */
export function peopleSections(input: {
  me: string | undefined;
  loggedIn: boolean;
  online: readonly string[];
  recent: readonly string[];
  talkedTo: readonly string[];
  search: string;
}): { nowOnline: string[]; recently: string[]; others: string[] } {
  const { me, loggedIn, online, recent, talkedTo, search } = input;
  const matches = (name: string) => name !== me && (search === '' || name.toLowerCase().includes(search));
  const onlineSet = new Set(online);
  const nowOnline = loggedIn ? online.filter(matches) : [];
  const recently = loggedIn ? recent.filter((u) => !onlineSet.has(u) && matches(u)) : [];
  const shown = new Set([...nowOnline, ...recently]);
  const known = loggedIn ? talkedTo : [...talkedTo, ...online, ...recent];
  const others = [...new Set(known)].filter((u) => !shown.has(u) && matches(u)).sort();
  return { nowOnline, recently, others };
}
