/** Who is online now, who was recently (whoelsesince), and whom this user has blocked. */
import { create } from 'zustand';
import { call, errorOf } from '../api.js';

interface PeopleStore {
  online: string[];
  recent: { seconds: number; users: string[] } | undefined;
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
  blocked: [],
  error: undefined,

  applySnapshot(online, blocked) {
    set({ online: [...online].sort(), blocked: [...blocked].sort() });
  },
  onPresence(user, online) {
    const others = get().online.filter((u) => u !== user);
    set({ online: online ? [...others, user].sort() : others });
    const recent = get().recent;
    if (online && recent && !recent.users.includes(user)) {
      set({ recent: { ...recent, users: [...recent.users, user].sort() } });
    }
  },
  onOnline(users) {
    set({ online: [...users].sort() });
  },
  onRecent(seconds, users) {
    set({ recent: { seconds, users: [...users].sort() } });
  },
  onBlocklist(users) {
    set({ blocked: [...users].sort() });
  },
  async loadRecent(seconds) {
    try {
      const { users } = await call('whoelseSince', { seconds });
      set({ recent: { seconds, users: [...users].sort() } });
    } catch {
      // Not connected: the list keeps what it had and fills in at the next login.
    }
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
