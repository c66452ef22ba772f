/** Safety numbers of contacts (protocol 1.2): what the dialog and the padlock show. */
import { create } from 'zustand';
import type { SafetyInfoView } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

interface SafetyStore {
  byUser: Record<string, SafetyInfoView>;
  /** The user whose safety dialog is open. */
  open: string | undefined;
  error: string | undefined;
  load: (user: string) => Promise<void>;
  show: (user: string) => void;
  close: () => void;
  setVerified: (user: string, verified: boolean) => Promise<void>;
  acceptNewKey: (user: string) => Promise<void>;
}

export const useSafetyStore = create<SafetyStore>()((set, get) => {
  const run = async (user: string, action: () => Promise<SafetyInfoView>): Promise<void> => {
    try {
      const info = await action();
      set({ byUser: { ...get().byUser, [user]: info }, error: undefined });
    } catch (cause) {
      set({ error: errorOf(cause).message });
    }
  };
  return {
    byUser: {},
    open: undefined,
    error: undefined,
    load: (user) => run(user, () => call('safetyNumber', { user })),
    show(user) {
      set({ open: user, error: undefined });
      void get().load(user);
    },
    close: () => set({ open: undefined }),
    setVerified: (user, verified) => run(user, () => call('setVerified', { user, verified })),
    acceptNewKey: (user) => run(user, () => call('acceptNewKey', { user })),
  };
});
