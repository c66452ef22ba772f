/**
 * The one answer to "is bob online?", for the people list, the conversation header and the person
 * menu alike: online or offline while logged in, and "not known" while not connected (the last
 * list is stale then, whatever it says). Also when an offline person was last seen.
 */
import { lastSeenWords, seenBounds, type SeenBounds } from '../last-seen.js';
import { useNow } from '../components/use-now.js';
import { usePeopleStore } from './people-store.js';
import { useSessionStore } from './session-store.js';

export type Presence = 'online' | 'offline' | 'unknown';

export function presenceOf(user: string, loggedIn: boolean, online: readonly string[]): Presence {
  if (!loggedIn) return 'unknown';
  return online.includes(user) ? 'online' : 'offline';
}

export const presenceWords: Record<Presence, string> = {
  online: 'online',
  offline: 'offline',
  unknown: 'not known while disconnected',
};

export function usePresence(user: string): Presence {
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  const online = usePeopleStore((s) => s.online.includes(user));
  return presenceOf(user, loggedIn, online ? [user] : []);
}

type PeopleState = ReturnType<typeof usePeopleStore.getState>;

let memo: { windows: unknown; online: unknown; offlineAt: unknown; bounds: Record<string, SeenBounds> } = {
  windows: undefined,
  online: undefined,
  offlineAt: undefined,
  bounds: {},
};

/** Everyone's last-seen bounds, recomputed only when an answer, the online list or a departure changes. */
export function selectSeen(state: PeopleState): Record<string, SeenBounds> {
  if (memo.windows === state.windows && memo.online === state.online && memo.offlineAt === state.offlineAt)
    return memo.bounds;
  const online = new Set(state.online);
  const bounds = seenBounds(Object.values(state.windows), online);
  // Seen going offline here: that moment is exact, and newer than any window's answer.
  for (const [user, at] of Object.entries(state.offlineAt))
    if (!online.has(user)) bounds[user] = { earliest: at, latest: at };
  memo = { windows: state.windows, online: state.online, offlineAt: state.offlineAt, bounds };
  return bounds;
}

/** "last seen 12 min ago" for someone offline, while logged in; undefined when not known. */
export function useLastSeen(user: string): string | undefined {
  const loggedIn = useSessionStore((s) => s.state === 'logged-in');
  const bounds = usePeopleStore((s) => selectSeen(s)[user]);
  const now = useNow(bounds && loggedIn ? 30_000 : undefined);
  return bounds && loggedIn ? lastSeenWords(bounds, now) : undefined;
}
