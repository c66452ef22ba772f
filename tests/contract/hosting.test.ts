/**
 * The contract over both adapters, continued: the embedded server switched off and on and its
 * failures, settings, connect errors, and bad input refused with a structured error.
 */
import { createServer } from 'node:net';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();

async function signIn(app: TestApp, username: string, register = true): Promise<void> {
  if (register) await ok(app.api.register({ username, password: PASSWORD }));
  await ok(app.api.login({ username, password: PASSWORD }));
}

describe.each(ADAPTERS)('hosting, connecting and input over %s', (adapter) => {
  it('switches hosting off and on: a connected user sees the server go and come back', async () => {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    const { port } = await ok(host.api.connect({ mode: 'embedded' }));
    // A fixed port from now on, so the server comes back where its users look for it.
    const saved = nextEvent(host.events, 'settings', (s) => s.hosting.port === port);
    await ok(host.api.updateSettings({ hosting: { port } }));
    await saved;
    const guest = await fx.open(adapter, fx.profile());
    await ok(guest.api.connect({ mode: 'remote', host: '127.0.0.1', port }));
    await signIn(guest, 'guest');

    const gone = nextEvent(guest.events, 'disconnected');
    const stopped = nextEvent(host.events, 'host-status', (s) => s.state === 'stopped');
    expect(await ok(host.api.setHosting({ enabled: false }))).toEqual({ state: 'stopped' });
    await stopped;
    expect(await gone).toMatchObject({ reason: 'shutdown' });
    expect((await ok(host.api.snapshot({}))).settings.hosting.enabled).toBe(false);

    const back = nextEvent(guest.events, 'state', (s) => s.state === 'logged-in');
    const running = await ok(host.api.setHosting({ enabled: true }));
    expect(running).toMatchObject({ state: 'running', port, shareAddresses: ['127.0.0.1'] });
    // Skips the client's backoff wait (or finds it already back).
    await guest.api.reconnectNow({});
    await back;
    expect((await ok(guest.api.snapshot({}))).client).toMatchObject({
      state: 'logged-in',
      username: 'guest',
    });
  });

  it('starts hosting when asked to connect to the embedded server while it is off', async () => {
    const app = await fx.open(adapter, fx.profile());
    expect((await ok(app.api.snapshot({}))).host).toEqual({ state: 'stopped' });
    const running = nextEvent(app.events, 'host-status', (s) => s.state === 'running');
    const address = await ok(app.api.connect({ mode: 'embedded' }));
    expect(await running).toMatchObject({ port: address.port, host: '127.0.0.1' });
    const { settings, client } = await ok(app.api.snapshot({}));
    expect(settings).toMatchObject({ server: { mode: 'embedded' }, hosting: { enabled: true } });
    expect(client).toMatchObject({ state: 'connected', server: address });
  });

  it('keeps the online count of the running server current in host-status events', async () => {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    const { port } = await ok(host.api.connect({ mode: 'embedded' }));
    const counted = nextEvent(host.events, 'host-status', (s) => s.state === 'running' && s.online === 1);
    const guest = await fx.open(adapter, fx.profile());
    await ok(guest.api.connect({ mode: 'remote', host: '127.0.0.1', port }));
    await signIn(guest, 'guest');
    expect(await counted).toMatchObject({ state: 'running', port, online: 1 });
  });

  it('leaves a running server alone when switched on again, and restarts it for new settings', async () => {
    const host = await fx.open(adapter, fx.profile(HOSTING));
    await ok(host.api.connect({ mode: 'embedded' }));
    const statuses: string[] = [];
    host.api.on('host-status', (s) => statuses.push(s.state));
    expect(await ok(host.api.setHosting({ enabled: true }))).toMatchObject({ state: 'running' });
    expect(statuses).toEqual([]);

    await ok(host.api.updateSettings({ hosting: { allowLan: true } }));
    const lan = await ok(host.api.setHosting({ enabled: true }));
    expect(lan).toMatchObject({ state: 'running', host: '0.0.0.0' });
    expect(lan.state === 'running' && lan.shareAddresses.length).toBeGreaterThan(0);
    expect(statuses).toEqual(['stopping', 'stopped', 'starting', 'running']);
  });

  it('reports a port in use as a failed status that says what to do', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const taken = (blocker.address() as { port: number }).port;
    try {
      const app = await fx.open(
        adapter,
        fx.profile({ hosting: { ...HOSTING.hosting!, enabled: false, port: taken } }),
      );
      const status = await ok(app.api.setHosting({ enabled: true }));
      expect(status).toMatchObject({ state: 'failed', failure: 'port-in-use' });
      expect(status.state === 'failed' && status.message).toContain(`Port ${taken} is already in use`);
      const refused = await app.api.connect({ mode: 'embedded' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      blocker.close();
    }
  });

  it('reports a data folder it cannot write as folder-not-writable', async () => {
    const profile = fx.profile();
    const file = join(profile, 'a-file');
    writeFileSync(file, 'not a folder');
    const app = await fx.open(adapter, profile);
    await ok(app.api.updateSettings({ hosting: { port: 0, dataDir: join(file, 'data') } }));
    const status = await ok(app.api.setHosting({ enabled: true }));
    expect(status).toMatchObject({ state: 'failed', failure: 'folder-not-writable' });
  });

  it('reports a data folder another server holds as data-in-use', async () => {
    const first = await fx.open(adapter, fx.profile(HOSTING));
    await ok(first.api.connect({ mode: 'embedded' }));
    const dataDir = join(first.profileDir, 'server-data');
    const second = await fx.open(adapter, fx.profile());
    await ok(second.api.updateSettings({ hosting: { port: 0, dataDir } }));
    const status = await ok(second.api.setHosting({ enabled: true }));
    expect(status).toMatchObject({ state: 'failed', failure: 'data-in-use' });
    expect(status.state === 'failed' && status.message).toContain('in use by another Parley server');
  });

  it('refuses bad input with a structured error and changes nothing', async () => {
    const app = await fx.open(adapter, fx.profile());
    const empty = await app.api.sendMessage({ to: 'bob', text: '' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const badName = await app.api.block({ user: 'no spaces allowed' });
    expect(badName).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const extra = await app.api.updateSettings({ theme: 'neon' } as never);
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!extra.ok && extra.error.message).toContain('theme');
    expect((await ok(app.api.snapshot({}))).settings.theme).toBe('system');
    const offline = await app.api.whoelse({});
    expect(offline).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('refuses to connect where nothing listens, with a plain sentence', async () => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise((resolve) => probe.close(resolve));
    const app = await fx.open(adapter, fx.profile());
    const refused = await app.api.connect({ mode: 'remote', host: '127.0.0.1', port });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: `Nothing is listening at 127.0.0.1:${port}. Check the address and that the server is running.`,
      },
    });
  });

  it('refuses to connect to something that is not a Parley server', async () => {
    const http = createServer((socket) => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    try {
      const port = (http.address() as { port: number }).port;
      const app = await fx.open(adapter, fx.profile());
      const refused = await app.api.connect({ mode: 'remote', host: '127.0.0.1', port });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'unavailable', message: `127.0.0.1:${port} is not a Parley server. Check the port.` },
      });
    } finally {
      http.close();
    }
  });

  it('gives up on a server that accepts but never answers, with a plain sentence', async () => {
    const silent = createServer(() => {});
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    try {
      const port = (silent.address() as { port: number }).port;
      const app = await fx.open(adapter, fx.profile());
      const refused = await app.api.connect({ mode: 'remote', host: '127.0.0.1', port });
      expect(refused).toMatchObject({
        ok: false,
        error: {
          code: 'unavailable',
          message: `127.0.0.1:${port} did not answer like a Parley server. Check the port.`,
        },
      });
    } finally {
      silent.close();
    }
  });
});
