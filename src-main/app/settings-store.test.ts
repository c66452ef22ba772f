import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings, SettingsStore } from './settings-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('settings', () => {
  it('start from the defaults: embedded server offered, hosting off until chosen', () => {
    const store = new SettingsStore(dir);
    expect(store.value).toEqual(defaultSettings);
    expect(store.value).toMatchObject({
      server: { mode: 'embedded' },
      hosting: {
        enabled: false,
        port: 5000,
        allowLan: false,
        blockDurationSeconds: 60,
        inactivityTimeoutSeconds: 0,
      },
      notifications: true,
      theme: 'system',
      recentlyOnlineSeconds: 3600,
      onboarded: false,
    });
  });

  it('merge a patch one level deep and persist it in settings.json', () => {
    new SettingsStore(dir).update({ hosting: { port: 6000 }, theme: 'dark' });
    const reopened = new SettingsStore(dir);
    expect(reopened.value.hosting).toEqual({ ...defaultSettings.hosting, port: 6000 });
    expect(reopened.value.theme).toBe('dark');
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
  });

  it('tell their listeners about every change, once, and stop when unsubscribed', () => {
    const store = new SettingsStore(dir);
    const seen: string[] = [];
    const off = store.onChange((s) => seen.push(s.theme));
    store.update({ theme: 'dark' });
    store.update({ theme: 'light' });
    off();
    store.update({ theme: 'system' });
    expect(seen).toEqual(['dark', 'light']);
  });

  it('keep settings.json readable by its owner only', () => {
    new SettingsStore(dir).update({ theme: 'dark' });
    expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('refuse an invalid patch and keep what was there', () => {
    const store = new SettingsStore(dir);
    expect(() => store.update({ hosting: { port: 70_000 } })).toThrow();
    expect(new SettingsStore(dir).value.hosting.port).toBe(5000);
  });

  it('read a damaged file part by part, keeping what is valid', () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', hosting: { port: 'x' } }));
    const store = new SettingsStore(dir);
    expect(store.value.theme).toBe('dark');
    expect(store.value.hosting).toEqual(defaultSettings.hosting);
  });
});
