/**
 * The app's settings in the profile folder (settings.json, written by `conf`). Every value read is
 * checked against the contract's schema, so a hand-edited or older file can't hand the app
 * something it does not understand: unreadable parts fall back to the defaults.
 */
import Conf from 'conf';
import { settings as settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/api/index.js';

export const defaultSettings: Settings = {
  server: { mode: 'embedded' },
  hosting: {
    enabled: true,
    port: 5000,
    allowLan: false,
    blockDurationSeconds: 60,
    inactivityTimeoutSeconds: 0,
  },
  p2pPort: 0,
  notifications: true,
  theme: 'system',
  recentlyOnlineSeconds: 3600,
  onboarded: false,
  sendReadReceipts: true,
  muted: [],
};

export class SettingsStore {
  private readonly conf: Conf<Settings>;
  private current: Settings;

  constructor(profileDir: string) {
    this.conf = new Conf<Settings>({ cwd: profileDir, configName: 'settings', defaults: defaultSettings });
    this.current = readable(this.conf.store);
  }

  get value(): Settings {
    return this.current;
  }

  /** Merges `patch` (nested objects one level deep), saves, and returns the new settings. */
  update(patch: SettingsPatch): Settings {
    const { hosting, ...rest } = patch;
    const merged = {
      ...this.current,
      ...rest,
      hosting: { ...this.current.hosting, ...hosting },
    };
    const next = settingsSchema.parse(merged);
    this.conf.store = next;
    this.current = next;
    return next;
  }
}

/** The stored settings where valid; each top-level part that is not valid takes its default. */
function readable(stored: unknown): Settings {
  const whole = settingsSchema.safeParse(stored);
  if (whole.success) return whole.data;
  const record = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaultSettings)) {
    const field = settingsSchema.shape[key as keyof Settings];
    const parsed = field.safeParse(record[key]);
    result[key] = parsed.success ? parsed.data : fallback;
  }
  return settingsSchema.parse(result);
}
