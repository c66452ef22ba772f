/**
 * The app's settings in the profile folder (settings.json, written by `conf`). Every value read is
 * checked against the contract's schema, so a hand-edited or older file can't hand the app
 * something it does not understand: unreadable parts fall back to the defaults. Every change is
 * announced to the store's listeners, so callers never have to remember to tell anyone.
 */
import Conf from 'conf';
import { settings as settingsSchema, type Settings, type SettingsPatch } from '../../src-shared/api/index.js';

export const defaultSettings: Settings = {
  server: { mode: 'embedded' },
  hosting: {
    // Nothing listens until the user chose "This computer" or turned the switch on.
    enabled: false,
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

/**
 * Kept beside the settings in the file (not part of the contract). Version 2: `hosting.enabled`
 * means the user chose to host; files before it had it on by default for everyone.
 */
const FORMAT_KEY = 'settingsVersion';
const FORMAT = 2;

export class SettingsStore {
  private readonly conf: Conf<Record<string, unknown>>;
  private current: Settings;
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(profileDir: string) {
    this.conf = new Conf<Record<string, unknown>>({
      cwd: profileDir,
      configName: 'settings',
      // The version is not among the defaults: conf fills missing keys from them, and a missing
      // version is what marks an older file.
      defaults: { ...defaultSettings },
      // The file may hold an email-like username and the remembered server: only the user reads it.
      configFileMode: 0o600,
    });
    const stored = this.conf.store;
    const migrated = stored[FORMAT_KEY] === FORMAT ? readable(stored) : migrate(readable(stored));
    this.current = migrated;
    if (stored[FORMAT_KEY] !== FORMAT) this.save(migrated);
  }

  get value(): Settings {
    return this.current;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Merges `patch` (nested objects one level deep), saves, tells the listeners, returns the result. */
  update(patch: SettingsPatch): Settings {
    const { hosting, ...rest } = patch;
    const merged = {
      ...this.current,
      ...rest,
      hosting: { ...this.current.hosting, ...hosting },
    };
    const next = settingsSchema.parse(merged);
    this.save(next);
    this.current = next;
    for (const listener of this.listeners) listener(next);
    return next;
  }

  private save(settings: Settings): void {
    this.conf.store = { ...settings, [FORMAT_KEY]: FORMAT };
  }
}

/**
 * A file from before version 2 hosted for everyone at launch. Keep hosting only for a user who
 * chose this computer on the first-run screen; one who joined another server (or never chose)
 * turns the switch on again if they want to host.
 */
function migrate(settings: Settings): Settings {
  const chose = settings.onboarded && settings.server.mode === 'embedded';
  return { ...settings, hosting: { ...settings.hosting, enabled: settings.hosting.enabled && chose } };
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
