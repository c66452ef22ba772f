/** The embedded server's status ("Host a server") and the switch that starts or stops it. */
import { create } from 'zustand';
import type { HostStatus } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

interface HostStore {
  status: HostStatus;
  error: string | undefined;
  apply: (status: HostStatus) => void;
  setHosting: (enabled: boolean) => Promise<void>;
}

export const useHostStore = create<HostStore>()((set, get) => ({
  status: { state: 'stopped' },
  error: undefined,
  apply(status) {
    set({ status });
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
