/**
 * Hosting only when the user chose it (issue 17, defects 1 and 10): nothing listens at launch
 * before a choice, choosing another server turns hosting off (in settings.json too), older files
 * are migrated, and the own server coming up logs its user back in at once.
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-main/app/settings-store.js';
import { nextEvent } from '../helpers/next-event.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { HOSTING, ok, PASSWORD, useAppFixture } from './app-fixture.js';

const fx = useAppFixture();
const servers: TestServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.dispose();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Whether something accepts TCP connections on 127.0.0.1:port right now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function savedFile(profileDir: string): { hosting: { enabled: boolean } } {
  return JSON.parse(readFileSync(join(profileDir, 'settings.json'), 'utf8')) as {
    hosting: { enabled: boolean };
  };
}

/** A profile folder with this settings.json, as an older version of the app wrote it. */
function olderProfile(settings: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-old-profile-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
  dirs.push(dir);
  return dir;
}

describe('hosting only when chosen', () => {
  it('a fresh profile listens nowhere before the user chooses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-fresh-'));
    dirs.push(dir);
    const app = await fx.open('in-process', dir);
    const snapshot = await ok(app.api.snapshot({}));
    expect(snapshot.host).toEqual({ state: 'stopped' });
    expect(snapshot.settings.hosting.enabled).toBe(false);
  });

  it('choosing another server stops hosting and keeps it off in settings.json', async () => {
    const server = await startTestServer();
    servers.push(server);
    const app = await fx.open('in-process', fx.profile(HOSTING));
    const { port } = await ok(app.api.connect({ mode: 'embedded' }));
    expect(await listening(port)).toBe(true);

    const stopped = nextEvent(app.events, 'host-status', (s) => s.state === 'stopped');
    await ok(app.api.connect({ mode: 'remote', host: server.host, port: server.port }));
    await stopped;
    expect(await listening(port)).toBe(false);
    const { settings, host } = await ok(app.api.snapshot({}));
    expect(host).toEqual({ state: 'stopped' });
    expect(settings.hosting.enabled).toBe(false);
    expect(savedFile(app.profileDir).hosting.enabled).toBe(false);

    // A restart does not bring the server back.
    await app.close();
    const again = await fx.open('in-process', app.profileDir);
    expect((await ok(again.api.snapshot({}))).host).toEqual({ state: 'stopped' });
  });

  it('keeps a switch turned on after joining another server, across a restart', async () => {
    const server = await startTestServer();
    servers.push(server);
    const profile = fx.profile();
    const app = await fx.open('in-process', profile);
    await ok(app.api.connect({ mode: 'remote', host: server.host, port: server.port }));
    await ok(app.api.updateSettings({ onboarded: true, hosting: { port: 0 } }));
    expect(await ok(app.api.setHosting({ enabled: true }))).toMatchObject({ state: 'running' });
    await app.close();
    const again = await fx.open('in-process', profile);
    await ok(again.api.connect({ mode: 'remote', host: server.host, port: server.port }));
    const { settings } = await ok(again.api.snapshot({}));
    expect(settings.hosting.enabled).toBe(true);
  });

  it('migrates an older file: a user of another server stops hosting at launch', async () => {
    const port = await freePort();
    const dir = olderProfile({
      ...defaultSettings,
      server: { mode: 'remote', host: '127.0.0.1', port: 1 },
      hosting: { ...defaultSettings.hosting, enabled: true, port },
      onboarded: true,
    });
    const app = await fx.open('in-process', dir);
    expect((await ok(app.api.snapshot({}))).host).toEqual({ state: 'stopped' });
    expect(await listening(port)).toBe(false);
    expect(savedFile(dir).hosting.enabled).toBe(false);
  });

  it('migrates an older file: a user who chose this computer keeps hosting', async () => {
    const dir = olderProfile({
      ...defaultSettings,
      server: { mode: 'embedded' },
      hosting: { ...defaultSettings.hosting, enabled: true, port: 0 },
      onboarded: true,
    });
    const running = (await fx.open('in-process', dir)).core;
    const seen = await new Promise((resolve) => {
      const off = running.on('host-status', (s) => {
        if (s.state === 'running' || s.state === 'failed') {
          off();
          resolve(s.state);
        }
      });
    });
    expect(seen).toBe('running');
    expect(savedFile(dir).hosting.enabled).toBe(true);
  });

  it('logs its user back in as soon as the own server is up again, not when the backoff says', async () => {
    const host = await fx.open('in-process', fx.profile(HOSTING));
    const { port } = await ok(host.api.connect({ mode: 'embedded' }));
    await ok(host.api.updateSettings({ hosting: { port } }));
    await ok(host.api.register({ username: 'alice', password: PASSWORD }));
    await ok(host.api.login({ username: 'alice', password: PASSWORD }));

    // Off long enough that the next automatic attempt is seconds away.
    const later = nextEvent(host.events, 'reconnecting', (r) => r.attempt >= 5, 30_000);
    await ok(host.api.setHosting({ enabled: false }));
    const { at } = await later;

    const back = nextEvent(host.events, 'state', (s) => s.state === 'logged-in', 30_000);
    await ok(host.api.setHosting({ enabled: true }));
    await back;
    expect(Date.now()).toBeLessThan(at);
  }, 60_000);
});
