/**
 * Two in-process nodes on one real redis-server (free port, temp folder, append-only file on):
 * they behave as one server for DMs, logins, lockouts, broadcasts, presence and blocks, and a
 * request that needs Redis while it is gone gets `[503] service unavailable, try again`. The
 * process-level failure cases (kill -9 of nodes and Redis, SIGSTOP, pub/sub kills) are in
 * tests/scale-out.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../bench/lib/free-port.js';
import { LineClient, loggedIn } from '../../../tests/helpers/line-client.js';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { ChatStore } from '../../store/chat-store.js';
import { FAST_SCRYPT } from '../../store/password.js';
import { ChatServer } from '../chat-server.js';
import { redisBackend } from './redis-backend.js';

interface Redis {
  readonly url: string;
  readonly process: ChildProcess;
  readonly dir: string;
}

async function startRedis(): Promise<Redis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'];
  const child = spawn('/usr/bin/redis-server', [...args, '--save', '', '--daemonize', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
  });
  // And it answers.
  const socket = connect({ port, host: '127.0.0.1' });
  await once(socket, 'connect');
  socket.write('PING\r\n');
  await once(socket, 'data');
  socket.destroy();
  return { url: `redis://127.0.0.1:${port}`, process: child, dir };
}

async function startNode(url: string, name: string): Promise<{ server: ChatServer; port: number }> {
  const server = new ChatServer({
    store: ChatStore.open(':memory:'),
    passwordParams: FAST_SCRYPT,
    shared: redisBackend({ url, nodeName: name, heartbeatMs: 300 }),
    options: {
      host: '127.0.0.1',
      port: 0,
      presenceBatchMs: 0,
      limits: { requestsPerSecond: 0, failedLoginsPerMinute: 0, registrationsPerMinute: 0 },
    },
  });
  const { port } = await server.start();
  return { server, port };
}

let redis: Redis;
let a: { server: ChatServer; port: number };
let b: { server: ChatServer; port: number };
const clients: LineClient[] = [];
let counter = 0;

/** A fresh name per test: the nodes and Redis are shared by the whole file. */
function user(base: string): string {
  counter++;
  return `${base}${counter}`;
}

async function on(node: { port: number }, name: string, options = {}): Promise<LineClient> {
  const client = await loggedIn(node.port, name, options);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  redis = await startRedis();
  a = await startNode(redis.url, 'a');
  b = await startNode(redis.url, 'b');
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await Promise.allSettled([a.server.stop(), b.server.stop()]);
  redis.process.kill('SIGKILL');
  rmSync(redis.dir, { recursive: true, force: true });
});

describe('two nodes on one Redis', () => {
  it('delivers a direct message across nodes, live and after a login on the other node', async () => {
    const alice = user('alice');
    const bob = user('bob');
    const ann = await on(a, alice);
    const bo = await on(b, bob);
    const sent = await ann.request('message', { to: bob, text: 'hello across' });
    expect(sent).toMatchObject({ status: 200, body: { delivered: true } });
    expect(await bo.push('message')).toMatchObject({ from: alice, text: 'hello across', seq: 1 });
    await bo.ackAll();
    const gone = ann.next((f) => f.kind === 'route' && f.route === 'presence' && f.body.online === false);
    expect((await bo.request('logout')).status).toBe(200);
    await gone;
    expect(await ann.request('message', { to: bob, text: 'while away' })).toMatchObject({
      status: 200,
      body: { delivered: false },
    });
    const again = await on(a, bob, { register: false });
    expect(await again.push('message')).toMatchObject({ text: 'while away', seq: 2, offline: true });
  });

  it('refuses a second login of one user on another node with 409', async () => {
    const name = user('carol');
    await on(a, name);
    const second = await LineClient.connect(b.port);
    clients.push(second);
    const res = await second.request('login', { username: name, password: `${name}-secret` });
    expect(res).toMatchObject({ status: 409, body: 'already logged in' });
  });

  it('refuses a name taken on the other node, ignoring case', async () => {
    const name = user('Dave');
    const first = await LineClient.connect(a.port);
    const second = await LineClient.connect(b.port);
    clients.push(first, second);
    expect((await first.request('register', { username: name, password: 'password1' })).status).toBe(200);
    const res = await second.request('register', { username: name.toLowerCase(), password: 'password1' });
    expect(res.status).toBe(409);
  });

  it('locks a name after three wrong passwords spread over both nodes', async () => {
    const name = user('erin');
    const setup = await LineClient.connect(a.port);
    clients.push(setup);
    await setup.request('register', { username: name, password: 'the-right-one' });
    const tries = [a, a, b];
    const statuses: number[] = [];
    for (const node of tries) {
      const c = await LineClient.connect(node.port);
      clients.push(c);
      statuses.push((await c.request('login', { username: name, password: 'wrong-one' })).status);
    }
    expect(statuses).toEqual([401, 401, 403]);
    const right = await LineClient.connect(a.port);
    clients.push(right);
    expect(await right.request('login', { username: name, password: 'the-right-one' })).toMatchObject({
      status: 403,
      body: StandardMessage.accountLocked,
    });
  });

  it('sends a broadcast to the users of both nodes', async () => {
    const from = user('fay');
    const to = user('gus');
    const sender = await on(a, from);
    const listener = await on(b, to);
    const res = await sender.request('broadcast', { text: 'to everyone' });
    expect(res.status).toBe(200);
    expect(await listener.push('broadcast')).toMatchObject({ from, text: 'to everyone' });
  });

  it('tells presence across nodes and lists the other node’s users in whoelse', async () => {
    const watcher = user('hal');
    const comer = user('ida');
    const w = await on(b, watcher);
    await on(a, comer);
    await w.next((f) => f.kind === 'route' && f.route === 'presence' && f.body.user === comer);
    const who = await w.request('whoelse');
    expect(who.status).toBe(200);
    expect((who.body as { users: string[] }).users).toContain(comer);
  });

  it('holds a block made on one node for a message sent on the other', async () => {
    const blocker = user('jan');
    const sender = user('kim');
    const j = await on(b, blocker);
    const k = await on(a, sender);
    expect((await j.request('block', { user: sender })).status).toBe(200);
    expect(await k.request('message', { to: blocker, text: 'let me in' })).toMatchObject({
      status: 403,
      body: StandardMessage.blockedByRecipient,
    });
    const seen = await k.request('whoelse');
    expect((seen.body as { users: string[] }).users).not.toContain(blocker);
    expect((await j.request('unblock', { user: sender })).status).toBe(200);
    expect((await k.request('message', { to: blocker, text: 'now?' })).status).toBe(200);
  });
});

describe('Redis down', () => {
  it('answers 503 service unavailable, and never 200, while Redis is gone', async () => {
    const alice = user('lea');
    const bob = user('max');
    const sender = await on(a, alice);
    await on(b, bob);
    redis.process.kill('SIGKILL');
    await once(redis.process, 'exit');
    const res = await sender.request('message', { to: bob, text: 'into the void' });
    expect(res).toMatchObject({ status: 503, body: 'service unavailable, try again' });
    const broadcast = await sender.request('broadcast', { text: 'anyone?' });
    expect(broadcast.status).toBe(503);
  });
});
