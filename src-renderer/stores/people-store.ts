/**
 * Who is online now, who was recently (whoelsesince), when the others were last seen, and whom
 * this user has blocked.
 */
import { create } from 'zustand';
import { call, errorOf } from '../api.js';
import { SEEN_LADDER, type WindowAnswer } from '../last-seen.js';

interface PeopleStore {
  online: string[];
  recent: { seconds: number; users: string[] } | undefined;
  /** The window the people list shows as "recently online" (seconds). */
  recentWindow: number | undefined;
  /** The latest whoelsesince answer per window, for "last seen" (last-seen.ts). */
  windows: Record<number, WindowAnswer>;
  /** When someone was seen going offline while this window watched (ms, local clock). */
  offlineAt: Record<string, number>;
  blocked: string[];
  /** The last block/unblock that failed, as a sentence. */
  error: string | undefined;

  applySnapshot: (online: string[], blocked: string[]) => void;
  onPresence: (user: string, online: boolean) => void;
  onOnline: (users: string[]) => void;
  onRecent: (seconds: number, users: string[]) => void;
  onBlocklist: (users: string[]) => void;
  loadRecent: (seconds: number) => Promise<void>;
  block: (user: string) => Promise<void>;
  unblock: (user: string) => Promise<void>;
}

export const usePeopleStore = create<PeopleStore>()((set, get) => ({
  online: [],
  recent: undefined,
  recentWindow: undefined,
  windows: {},
  offlineAt: {},
  blocked: [],
  error: undefined,

  applySnapshot(online, blocked) {
    set({ online: [...online].sort(), blocked: [...blocked].sort() });
  },
  onPresence(user, online) {
    const others = get().online.filter((u) => u !== user);
    const { [user]: _, ...offlineAt } = get().offlineAt;
    set({
      online: online ? [...others, user].sort() : others,
      offlineAt: online ? offlineAt : { ...offlineAt, [user]: Date.now() },
    });
    const recent = get().recent;
    if (online && recent && !recent.users.includes(user)) {
      set({ recent: { ...recent, users: [...recent.users, user].sort() } });
    }
  },
  onOnline(users) {
    set({ online: [...users].sort() });
  },
  onRecent(seconds, users) {
    const answer = { seconds, users: [...users].sort(), at: Date.now() };
    set({ windows: { ...get().windows, [seconds]: answer } });
    // The "last seen" ladder's answers come as the same event: only the chosen window is listed.
    if (seconds === get().recentWindow) set({ recent: { seconds, users: answer.users } });
  },
  onBlocklist(users) {
    set({ blocked: [...users].sort() });
  },
  async loadRecent(seconds) {
    set({ recentWindow: seconds });
    const windows = [...new Set([seconds, ...SEEN_LADDER])];
    await Promise.all(
      windows.map(async (window) => {
        try {
          const { users } = await call('whoelseSince', { seconds: window });
          get().onRecent(window, users);
        } catch {
          // Not connected: the list keeps what it had and fills in at the next login.
        }
      }),
    );
  },
  async block(user) {
    try {
      await call('block', { user });
      set({ blocked: [...new Set([...get().blocked, user])].sort(), error: undefined });
    } catch (cause) {
      set({ error: errorOf(cause).message });
    }
  },
  async unblock(user) {
    try {
      await call('unblock', { user });
      set({ blocked: get().blocked.filter((u) => u !== user), error: undefined });
    } catch (cause) {
      set({ error: errorOf(cause).message });
    }
  },
}));
