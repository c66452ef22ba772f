import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, StandardMessage } from '../../src-shared/protocol/index.js';
import type { LineClient } from '../../tests/helpers/line-client.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import type { TestServer } from '../../tests/helpers/test-server.js';

const fx = useServerFixture();
let srv: TestServer;

/** The statuses of the next `count` frames (0 for a frame that is not a response). */
async function nextStatuses(c: LineClient, count: number): Promise<number[]> {
  const statuses = [];
  for (let i = 0; i < count; i++) {
    const f = await c.next();
    statuses.push(f.kind === 'response' ? f.status : 0);
  }
  return statuses;
}

describe('bad input', () => {
  it('answers garbage with 400 and keeps the connection usable', async () => {
    srv = await fx.start();
    const c = await fx.connect();
    c.sendRaw('hello?\n[nosuch] {}\n[login] not json\n[200] {}\n\x00\xff\xfe\n');
    expect(await nextStatuses(c, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(await c.request('register', { username: 'ann', password: 'password1' })).toEqual({
      status: 200,
      body: {},
    });
    expect(c.isClosed).toBe(false);
  });

  it('answers an oversized frame with 413 and closes, leaving other clients unaffected', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const bad = await fx.connect();
    bad.sendRaw(Buffer.alloc(MAX_FRAME_BYTES + 10, 'a'));
    expect(await bad.next()).toEqual({ kind: 'response', status: 413, body: StandardMessage.frameTooLarge });
    await bad.closed;
    expect((await ann.request('message', { to: 'bob', text: 'still here' })).status).toBe(200);
    expect(await bob.push('message')).toMatchObject({ text: 'still here' });
  });

  it('limits requests per second per connection with 429', async () => {
    srv = await fx.start({ limits: { requestsPerSecond: 5 } });
    const c = await fx.user('ann');
    c.sendRaw('[ping] {}\n'.repeat(30));
    const statuses = await nextStatuses(c, 30);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses[0]).toBe(200);
  });

  it('holds back a flooding client yet answers each of its requests, then serves it again', async () => {
    srv = await fx.start({ limits: { requestsPerSecond: 5 } });
    const c = await fx.user('ann');
    // The burst (10, less what logging in took) goes through, the rest is refused; reading then
    // stops until the refused requests' tokens are earned back.
    c.sendRaw('[ping] {}\n'.repeat(12));
    const statuses = await nextStatuses(c, 12);
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(0);
    expect(statuses.slice(0, firstRefused).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
    expect(await c.request('ping', {})).toMatchObject({ status: 200 });
    expect(c.isClosed).toBe(false);
  });

  it('refuses connections past the per-address and total limits with 503', async () => {
    srv = await fx.start({ limits: { maxConnectionsPerAddress: 2 } });
    await fx.connect();
    await fx.connect();
    const third = await fx.connect();
    expect(await third.next()).toMatchObject({ kind: 'response', status: 503 });
    await third.closed;
  });

  it('drops a client that does not read broadcasts once its unsent output passes the hard limit', async () => {
    srv = await fx.start({ limits: { softOutputBytes: 16 * 1024, hardOutputBytes: 64 * 1024 } });
    const slow = await fx.user('slow');
    slow.socket.pause();
    const loud = await fx.user('loud');
    const text = 'x'.repeat(3000);
    // Socket buffers absorb a few MiB before the server sees backpressure; bounded by count.
    for (let i = 0; i < 5000 && srv.server.onlineCount === 2; i++) {
      expect((await loud.request('broadcast', { text })).status).toBe(200);
    }
    expect(srv.server.onlineCount).toBe(1); // broadcasts are live only: the reader far behind is cut
  });
});

describe('timeouts and shutdown', () => {
  it('logs out an inactive user with bye timeout even though it keeps pinging', async () => {
    srv = await fx.start({ inactivityTimeoutMs: 300 });
    const watcher = await fx.user('watcher');
    const idle = await fx.user('idle');
    await watcher.push('presence');
    const started = Date.now();
    let pinging = true;
    const keepBusy = async (client: LineClient, route: string): Promise<void> => {
      while (pinging && !client.isClosed) await client.request(route).catch(() => undefined);
    };
    void keepBusy(idle, 'ping');
    void keepBusy(watcher, 'active');
    expect(await idle.push('bye')).toEqual({ reason: 'timeout' });
    await idle.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await watcher.push('presence')).toEqual({ user: 'idle', online: false });
    pinging = false;
  });

  it('counts active as activity', async () => {
    let now = 1_000_000;
    srv = await fx.start({ inactivityTimeoutMs: 1000, clock: () => now });
    const c = await fx.user('ann');
    now += 900;
    expect(await c.request('active')).toEqual({ status: 200, body: {} });
    now += 900;
    expect(await c.request('whoelse')).toMatchObject({ status: 200 }); // still logged in
    now += 1000;
    expect(await c.push('bye')).toEqual({ reason: 'timeout' });
  });

  it('says bye with reason shutdown to everyone when it stops', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const guest = await fx.connect();
    await srv.stop();
    expect(await ann.push('bye')).toEqual({ reason: 'shutdown' });
    expect(await guest.push('bye')).toEqual({ reason: 'shutdown' });
    await Promise.all([ann.closed, guest.closed]);
  });
});
