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

/** The patch merged as main merges it: one level deep (hosting). */
function applyPatch(settings: Settings, patch: SettingsPatch): Settings {
  const next = { ...settings };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) Object.assign(next, { [key]: value });
  }
  if (patch.hosting)
    next.hosting = {
      ...settings.hosting,
      ...(stripUndefined(patch.hosting) as Partial<Settings['hosting']>),
    };
  return next;
}

function stripUndefined(value: object): object {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

export const useSettingsStore = create<SettingsStore>()((set, get) => ({
  settings: undefined,
  error: undefined,
  apply(settings) {
    set({ settings });
  },
  async update(patch) {
    const before = get().settings;
    // Shown at once (a checkbox or radio must change when clicked); main's answer then settles it.
    if (before) set({ settings: applyPatch(before, patch) });
    try {
      const settings = await call('updateSettings', patch);
      set({ settings, error: undefined });
      return true;
    } catch (cause) {
      set({ settings: before, error: errorOf(cause).message });
      return false;
    }
  },
}));
