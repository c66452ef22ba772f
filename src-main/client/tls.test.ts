import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { connect as netConnect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, testAuthority, type RunningServer } from '../../tests/helpers/tls-fixtures.js';
import { TLS_REQUIRED, TLS_UNAVAILABLE } from '../server/transport.js';
import { selfSignedCertificate } from '../tls/server-certificate.js';
import { FilePinStore } from './file-pin-store.js';
import { ParleyError } from './parley-error.js';
import { ServerSession } from './server-session.js';
import { ServerTrustError, type ClientTls } from './server-trust.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(tls: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const running = await startServer(tls);
  cleanups.push(() => running.dispose());
  return running;
}

function pinFile(): FilePinStore {
  const dir = mkdtempSync(join(tmpdir(), 'parley-pins-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return new FilePinStore(join(dir, 'config', 'known-servers.json'));
}

function session(target: RunningServer, tls: ClientTls | undefined): ServerSession {
  const s = new ServerSession({ host: target.host, port: target.port, tls: () => tls });
  cleanups.push(() => s.close());
  return s;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Reads what a raw socket receives until the other side closes it. */
function untilClosed(
  socket: NodeJS.ReadableStream & { on(e: 'error', l: () => void): unknown },
): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
  });
}

describe('TLS to the server', () => {
  it('pins a self-signed certificate at first use, then accepts the same one', async () => {
    const target = await server('self-signed');
    const pins = pinFile();
    const expected = (await selfSignedCertificate(target.dataDir)).fingerprint;
    const first = session(target, { pins });
    await first.connect();
    expect(first.identity).toEqual({
      server: `127.0.0.1:${target.port}`,
      tls: true,
      fingerprint: expected,
      basis: 'first-use',
    });
    await first.register('alice', 'correct horse');
    expect((await first.login('alice', 'correct horse')).username).toBe('alice');
    expect(pins.get(`127.0.0.1:${target.port}`)).toBe(expected);
    expect(statSync(pins.file).mode & 0o777).toBe(0o600);

    const again = session(target, { pins });
    await again.connect();
    expect(again.identity?.basis).toBe('pinned');
    await again.register('bob', 'correct horse');
  });

  it('refuses a changed certificate in words, before anything is sent', async () => {
    const target = await server('self-signed');
    const pins = pinFile();
    const server1 = `127.0.0.1:${target.port}`;
    const other = await selfSignedCertificate(mkdtempSync(join(tmpdir(), 'parley-other-')));
    pins.set(server1, other.fingerprint);
    const s = session(target, { pins });
    const error = await failure(s.connect());
    expect(error).toBeInstanceOf(ServerTrustError);
    const trust = error as ServerTrustError;
    expect(trust.failure).toBe('changed');
    expect(trust.expected).toBe(other.fingerprint);
    expect(trust.presented).toBe((await selfSignedCertificate(target.dataDir)).fingerprint);
    expect(trust.message).toMatch(/different certificate.*intercepting/s);
    expect(s.state).toBe('disconnected');
    expect(pins.get(server1)).toBe(other.fingerprint);
  });

  it('accepts a certificate that chains to a trusted authority, without pinning it', async () => {
    const ca = await testAuthority();
    const target = await server(await ca.issue('127.0.0.1'));
    const pins = pinFile();
    const s = session(target, { pins, ca: [ca.cert] });
    await s.connect();
    expect(s.identity?.basis).toBe('authority');
    await s.register('carol', 'correct horse');
    expect(pins.get(`127.0.0.1:${target.port}`)).toBeUndefined();
  });

  it('pins a CA-signed certificate when the client does not trust that authority', async () => {
    const ca = await testAuthority();
    const target = await server(await ca.issue('127.0.0.1'));
    const s = session(target, { pins: pinFile() });
    await s.connect();
    expect(s.identity?.basis).toBe('first-use');
  });

  it('refuses a server seen for the first time when the user declines its fingerprint', async () => {
    const target = await server('self-signed');
    const pins = pinFile();
    const shown: string[] = [];
    const s = session(target, {
      pins,
      trustFirstUse: (_server, fingerprint) => {
        shown.push(fingerprint);
        return false;
      },
    });
    const error = await failure(s.connect());
    expect((error as ServerTrustError).failure).toBe('declined');
    expect(shown).toEqual([(await selfSignedCertificate(target.dataDir)).fingerprint]);
    expect(pins.get(`127.0.0.1:${target.port}`)).toBeUndefined();
  });

  it('speaks TLS 1.3 and nothing older', async () => {
    const target = await server('self-signed');
    const modern = tlsConnect({ host: target.host, port: target.port, rejectUnauthorized: false });
    await new Promise((resolve) => modern.once('secureConnect', resolve));
    expect(modern.getProtocol()).toBe('TLSv1.3');
    modern.destroy();
    const old = tlsConnect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: false,
      maxVersion: 'TLSv1.2',
    });
    const error = await new Promise<Error>((resolve) => old.once('error', resolve));
    expect(error.message).toMatch(/protocol version|alert/i);
  });

  it('tells a plain client of a TLS server to use TLS, and closes', async () => {
    const target = await server('self-signed');
    const s = session(target, undefined);
    await s.connect();
    const error = await failure(s.register('dave', 'correct horse'));
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).status).toBe(400);
    expect(error.message).toBe(TLS_REQUIRED);

    const raw = netConnect({ host: target.host, port: target.port });
    const text = untilClosed(raw);
    raw.write('[login] {"username":"dave","password":"correct horse"}\n');
    expect(await text).toBe(`[400] ${TLS_REQUIRED}\n`);
  });

  it('tells a TLS client of a plain server that the server does not speak TLS', async () => {
    const target = await server(undefined);
    const s = session(target, { pins: pinFile() });
    const error = await failure(s.connect());
    expect((error as ServerTrustError).failure).toBe('not-tls');
    expect(error.message).toMatch(/does not speak TLS/);

    const raw = tlsConnect({ host: target.host, port: target.port, rejectUnauthorized: false });
    const rawError = await new Promise<Error>((resolve) => raw.once('error', resolve));
    expect(rawError.message).toMatch(/wrong version number/i);
    expect(TLS_UNAVAILABLE).toMatch(/does not speak TLS/);
  });

  it('gives up on a server that never answers the TLS handshake, saying so', async () => {
    const silent = createServer((socket) => socket.on('error', () => undefined));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    cleanups.push(() => silent.close());
    const { port } = silent.address() as { port: number };
    const s = new ServerSession({
      host: '127.0.0.1',
      port,
      connectTimeoutMs: 300,
      tls: () => ({ pins: pinFile() }),
    });
    const error = await failure(s.connect());
    expect(error.message).toBe(`127.0.0.1:${port} did not finish the TLS handshake within 300 ms`);
  });

  it('keeps the self-signed certificate across restarts, its key readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cert-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = await selfSignedCertificate(dir);
    const second = await selfSignedCertificate(dir);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(first.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(statSync(join(dir, 'tls-key.pem')).mode & 0o777).toBe(0o600);
  });
});
