/** What only the window cares about: the open dialog, the sidebar drawer, the search, notices. */
import { create } from 'zustand';

interface UiStore {
  settingsOpen: boolean;
  drawerOpen: boolean;
  search: string;
  /**
   * Server notices and other messages that answer no command; newest last. Each goes away by
   * itself after NOTICE_MS (or when dismissed); the same words again replace the older one.
   */
  notices: { id: number; text: string }[];
  /** Whether the first snapshot has arrived (until then nothing is drawn but a quiet wait). */
  ready: boolean;
  /** The page could not reach the app (browser mode: wrong token, app gone). */
  fatal: string | undefined;

  openSettings: (open: boolean) => void;
  openDrawer: (open: boolean) => void;
  setSearch: (search: string) => void;
  notice: (text: string) => void;
  dismissNotice: (id: number) => void;
}

let nextNoticeId = 1;

/** How long a notice stays: long enough to read twice, short enough not to turn stale. */
export const NOTICE_MS = 20_000;

export const useUiStore = create<UiStore>()((set, get) => ({
  settingsOpen: false,
  drawerOpen: false,
  search: '',
  notices: [],
  ready: false,
  fatal: undefined,

  openSettings(settingsOpen) {
    set({ settingsOpen });
  },
  openDrawer(drawerOpen) {
    set({ drawerOpen });
  },
  setSearch(search) {
    set({ search });
  },
  notice(text) {
    const id = nextNoticeId++;
    const others = get().notices.filter((n) => n.text !== text);
    set({ notices: [...others, { id, text }].slice(-3) });
    setTimeout(() => get().dismissNotice(id), NOTICE_MS);
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
}));
