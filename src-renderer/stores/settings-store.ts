/** The app's settings as main keeps them; every change goes through `updateSettings`. */
import { create } from 'zustand';
import type { Settings, SettingsPatch } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

interface SettingsStore {
  settings: Settings | undefined;
  error: string | undefined;
  apply: (settings: Settings) => void;
  update: (patch: SettingsPatch) => Promise<boolean>;
}

export const useSettingsStore = create<SettingsStore>()((set) => ({
  settings: undefined,
  error: undefined,
  apply(settings) {
    set({ settings });
  },
  async update(patch) {
    try {
      const settings = await call('updateSettings', patch);
      set({ settings, error: undefined });
      return true;
    } catch (cause) {
      set({ error: errorOf(cause).message });
      return false;
    }
  },
}));
