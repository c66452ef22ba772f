/**
 * TLS through the contract: the hosted server speaks TLS once the local network is allowed and the
 * app trusts its own certificate; another copy pins it at first use; a changed certificate is
 * refused in words and accepted only by the user's explicit command with the presented fingerprint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-main/app/settings-store.js';
import { FilePinStore } from '../../src-main/client/file-pin-store.js';
import { selfSignedCertificate } from '../../src-main/tls/server-certificate.js';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();
const LAN_HOSTING = { hosting: { ...defaultSettings.hosting, enabled: true, port: 0, allowLan: true } };

async function lanHost(
  adapter: (typeof ADAPTERS)[number],
): Promise<{ app: TestApp; port: number; fingerprint: string }> {
  const app = await fx.open(adapter, fx.profile(LAN_HOSTING));
  const trusted = nextEvent(app.events, 'server-trust', (t) => t.identity !== undefined);
  const { port } = await ok(app.api.connect({ mode: 'embedded' }));
  const status = (await ok(app.api.snapshot({}))).host;
  if (status.state !== 'running' || status.fingerprint === undefined) throw new Error('not hosting with TLS');
  expect(status.tls).toBe(true);
  expect((await trusted).identity).toEqual({
    server: `127.0.0.1:${port}`,
    tls: true,
    fingerprint: status.fingerprint,
    basis: 'known',
  });
  return { app, port, fingerprint: status.fingerprint };
}

describe.each(ADAPTERS)('TLS over %s', (adapter) => {
  it('hosts with TLS when the local network is allowed; the app logs in to it trusting its own certificate', async () => {
    const { app } = await lanHost(adapter);
    await ok(app.api.register({ username: 'hana', password: PASSWORD }));
    expect(await ok(app.api.login({ username: 'hana', password: PASSWORD }))).toEqual({ username: 'hana' });
  });

  it('switching the hosted server to the local network moves the app to TLS when it logs in again', async () => {
    const app = await fx.open(adapter, fx.profile({ hosting: { ...LAN_HOSTING.hosting, allowLan: false } }));
    const { port } = await ok(app.api.connect({ mode: 'embedded' }));
    await ok(app.api.updateSettings({ hosting: { port, allowLan: true } }));
    await ok(app.api.register({ username: 'lena', password: PASSWORD }));
    await ok(app.api.login({ username: 'lena', password: PASSWORD }));
    expect((await ok(app.api.snapshot({}))).serverTrust?.identity?.tls).toBe(false);

    const secure = nextEvent(app.events, 'server-trust', (t) => t.identity?.tls === true);
    await ok(app.api.setHosting({ enabled: false }));
    const running = await ok(app.api.setHosting({ enabled: true }));
    expect(running).toMatchObject({ state: 'running', port, tls: true });
    await app.api.reconnectNow({});
    expect((await secure).identity).toMatchObject({
      basis: 'known',
      fingerprint: running.state === 'running' ? running.fingerprint : '',
    });
  });

  it('pins another server at first use and shows its fingerprint', async () => {
    const { port, fingerprint } = await lanHost(adapter);
    const guest = await fx.open(adapter, fx.profile());
    await ok(guest.api.connect({ mode: 'remote', host: '127.0.0.1', port, tls: true }));
    expect((await ok(guest.api.snapshot({}))).serverTrust?.identity).toMatchObject({
      tls: true,
      fingerprint,
      basis: 'first-use',
    });
    expect(new FilePinStore(join(guest.profileDir, 'known-servers.json')).get(`127.0.0.1:${port}`)).toBe(
      fingerprint,
    );
    await ok(guest.api.register({ username: 'gus', password: PASSWORD }));
  });

  it('refuses a changed certificate in words, and accepts it only when the user says so', async () => {
    const { port, fingerprint } = await lanHost(adapter);
    const guest = await fx.open(adapter, fx.profile());
    const otherDir = mkdtempSync(join(tmpdir(), 'parley-other-cert-'));
    const stale = (await selfSignedCertificate(otherDir)).fingerprint;
    rmSync(otherDir, { recursive: true, force: true });
    new FilePinStore(join(guest.profileDir, 'known-servers.json')).set(`127.0.0.1:${port}`, stale);

    const problem = nextEvent(guest.events, 'server-trust', (t) => t.problem !== undefined);
    const refused = await guest.api.connect({ mode: 'remote', host: '127.0.0.1', port, tls: true });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.message).toMatch(/different certificate/);
    expect((await problem).problem).toMatchObject({
      host: '127.0.0.1',
      port,
      expected: stale,
      presented: fingerprint,
    });
    expect((await ok(guest.api.snapshot({}))).client.state).not.toBe('connected');

    const wrong = await guest.api.acceptServerCertificate({ host: '127.0.0.1', port, fingerprint: stale });
    expect(wrong.ok).toBe(false);
    await ok(guest.api.acceptServerCertificate({ host: '127.0.0.1', port, fingerprint }));
    await ok(guest.api.connect({ mode: 'remote', host: '127.0.0.1', port, tls: true }));
    expect((await ok(guest.api.snapshot({}))).serverTrust?.identity?.basis).toBe('pinned');
  });
});
