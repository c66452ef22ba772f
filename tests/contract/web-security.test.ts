/**
 * Browser mode's door: only this launch's page gets in. A missing or wrong token and a foreign
 * Origin are refused at the upgrade, before any command can run; pages get the strict CSP.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ok, openPageSocket, useAppFixture } from './app-fixture.js';
import { createWebSocketApi } from '../../src-shared/api/ws-bridge.js';

const fx = useAppFixture();

/** The HTTP status the server answers an upgrade with (101 when it lets the socket in). */
function upgradeStatus(url: string, origin: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser mode door', () => {
  it('lets the page in with the token from its own origin, and no one else', async () => {
    const app = await fx.open('websocket', fx.profile());
    const web = app.web!;
    expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    const base = `ws://127.0.0.1:${web.port}/api`;
    expect(await upgradeStatus(web.apiUrl, web.origin)).toBe(101);
    expect(await upgradeStatus(base, web.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${'0'.repeat(32)}`, web.origin)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${web.token.slice(0, 31)}`, web.origin)).toBe(401);
    expect(await upgradeStatus(web.apiUrl, 'http://evil.example')).toBe(403);
    expect(await upgradeStatus(web.apiUrl, `http://localhost:${web.port}`)).toBe(403);
    expect(await upgradeStatus(web.apiUrl, undefined)).toBe(403);
  });

  it('serves pages with the strict CSP, and says how to build a missing renderer', async () => {
    const app = await fx.open('websocket', fx.profile());
    const web = app.web!;
    const page = await get(web.url);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ws://127.0.0.1:${web.port}; font-src 'self'; object-src 'none'; base-uri 'none'; ` +
        "form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.body).toContain('npm run build:web');
    const rebound = await get(web.url, { Host: `attacker.example:${web.port}` });
    expect(rebound.status).toBe(403);
  });

  it('ends pending calls as unavailable when the socket closes', async () => {
    const app = await fx.open('websocket', fx.profile());
    const socket = await openPageSocket(app.web!);
    const api = createWebSocketApi(app.web!.apiUrl, socket);
    expect((await ok(api.snapshot({}))).client.state).toBe('disconnected');
    // Sent, then the socket dies before any answer can be read.
    const pending = api.snapshot({});
    socket.terminate();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await api.snapshot({})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers an unknown command with invalid-input, and closes on what is not a call', async () => {
    const app = await fx.open('websocket', fx.profile());
    const socket = await openPageSocket(app.web!);
    const answer = new Promise<unknown>((resolve) =>
      socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    socket.send(JSON.stringify({ type: 'call', id: 7, name: 'formatDisk', input: {} }));
    expect(await answer).toMatchObject({
      type: 'result',
      id: 7,
      result: { ok: false, error: { code: 'invalid-input' } },
    });

    const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
    socket.send('not json');
    expect(await closed).toBe(1007);
  });
});
