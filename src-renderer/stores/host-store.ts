/** The embedded server's status ("Host a server") and the switch that starts or stops it. */
import { create } from 'zustand';
import type { HostStatus } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { useSettingsStore } from './settings-store.js';

interface HostStore {
  status: HostStatus;
  error: string | undefined;
  apply: (status: HostStatus) => void;
  setHosting: (enabled: boolean) => Promise<void>;
  /** Lets the local network in: saved, and the running server restarted to listen on it. */
  allowLan: () => Promise<void>;
}

export const useHostStore = create<HostStore>()((set, get) => ({
  status: { state: 'stopped' },
  error: undefined,
  apply(status) {
    set({ status });
  },
  async allowLan() {
    if (!(await useSettingsStore.getState().update({ hosting: { allowLan: true } }))) return;
    await get().setHosting(true);
  },
  async setHosting(enabled) {
    const before = get().status;
    set({ error: undefined, status: { state: enabled ? 'starting' : 'stopping' } });
    try {
      set({ status: await call('setHosting', { enabled }) });
    } catch (cause) {
      // The status event, if one came, is newer than `before`; otherwise put it back.
      if (get().status.state === (enabled ? 'starting' : 'stopping')) set({ status: before });
      set({ error: errorOf(cause).message });
    }
  },
}));
