import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import type { TestServer } from '../../tests/helpers/test-server.js';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { hashPassword, OWASP_SCRYPT } from '../store/password.js';

const fx = useServerFixture();
let srv: TestServer;

describe('register', () => {
  it('creates an account once and refuses a taken name with 409', async () => {
    srv = await fx.start();
    const c = await fx.connect();
    expect(await c.request('register', { username: 'ann', password: 'password1' })).toEqual({
      status: 200,
      body: {},
    });
    expect(await c.request('register', { username: 'ann', password: 'password2' })).toMatchObject({
      status: 409,
    });
  });

  it.each([
    ['a short password', { username: 'ann', password: 'short' }],
    ['a long username', { username: 'a'.repeat(33), password: 'password1' }],
    ['a space in the name', { username: 'a b', password: 'password1' }],
    ['a number for a name', { username: 42, password: 'password1' }],
  ])('rejects %s with 400', async (_label, body) => {
    srv = await fx.start();
    const c = await fx.connect();
    const res = await c.request('register', body);
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/invalid register body/);
  });

  it('limits registrations per address with 429, before any hashing', async () => {
    await fx.start({ limits: { registrationsPerMinute: 2 } });
    const c = await fx.connect();
    expect((await c.request('register', { username: 'ann', password: 'password1' })).status).toBe(200);
    expect((await c.request('register', { username: 'bob', password: 'password1' })).status).toBe(200);
    expect(await c.request('register', { username: 'cat', password: 'password1' })).toEqual({
      status: 429,
      body: 'too many registrations from your address; try again later',
    });
  });

  it('stores the password as a salted scrypt hash, never in clear', async () => {
    srv = await fx.start();
    const c = await fx.connect();
    await c.request('register', { username: 'ann', password: 'password1' });
    const hash = srv.store.users.passwordHash('ann') ?? '';
    expect(hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(hash).not.toContain('password1');
  });
});

describe('login', () => {
  it('answers 200 with the username, 404 for an unknown one and 401 for a wrong password', async () => {
    srv = await fx.start();
    const c = await fx.connect();
    await c.request('register', { username: 'ann', password: 'password1' });
    expect(await c.request('login', { username: 'bob', password: 'password1' })).toMatchObject({
      status: 404,
    });
    expect(await c.request('login', { username: 'ann', password: 'wrong-one' })).toEqual({
      status: 401,
      body: StandardMessage.wrongPassword,
    });
    expect(await c.request('login', { username: 'ann', password: 'password1' })).toEqual({
      status: 200,
      body: { username: 'ann' },
    });
  });

  it('refuses a second login for the same name with 409', async () => {
    srv = await fx.start();
    await fx.user('ann');
    const other = await fx.connect();
    expect(await other.request('login', { username: 'ann', password: 'ann-secret' })).toMatchObject({
      status: 409,
    });
  });

  it('answers 401 to any other request before login', async () => {
    srv = await fx.start();
    const c = await fx.connect();
    for (const route of ['message', 'whoelse', 'broadcast', 'logout', 'startprivate', 'ping', 'active']) {
      expect(await c.request(route, {})).toEqual({ status: 401, body: StandardMessage.notLoggedIn });
    }
    // A well-formed direct message takes the fast path, which must pass the same gate.
    expect(await c.request('message', { to: 'bob', text: 'hi' })).toEqual({
      status: 401,
      body: StandardMessage.notLoggedIn,
    });
  });

  it('locks the name after 3 wrong passwords, even for the right one, until the block ends', async () => {
    let now = 1_000_000;
    srv = await fx.start({ blockDurationMs: 60_000, clock: () => now });
    const c = await fx.connect();
    await c.request('register', { username: 'ann', password: 'password1' });
    expect((await c.request('login', { username: 'ann', password: 'nope-nope1' })).status).toBe(401);
    expect((await c.request('login', { username: 'ann', password: 'nope-nope2' })).status).toBe(401);
    expect(await c.request('login', { username: 'ann', password: 'nope-nope3' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
    const other = await fx.connect();
    now += 59_999;
    expect(await other.request('login', { username: 'ann', password: 'password1' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
    now += 1;
    expect(await other.request('login', { username: 'ann', password: 'password1' })).toEqual({
      status: 200,
      body: { username: 'ann' },
    });
  });

  it('resets the count of wrong passwords on a successful login', async () => {
    srv = await fx.start({ blockDurationMs: 60_000 });
    const c = await fx.connect();
    await c.request('register', { username: 'ann', password: 'password1' });
    await c.request('login', { username: 'ann', password: 'nope-nope1' });
    await c.request('login', { username: 'ann', password: 'nope-nope2' });
    expect((await c.request('login', { username: 'ann', password: 'password1' })).status).toBe(200);
    await c.request('logout');
    const again = await fx.connect();
    await again.request('login', { username: 'ann', password: 'nope-nope3' });
    await again.request('login', { username: 'ann', password: 'nope-nope4' });
    expect((await again.request('login', { username: 'ann', password: 'password1' })).status).toBe(200);
  });

  it('throttles failed logins per address before hashing, with 429', async () => {
    srv = await fx.start({ limits: { failedLoginsPerMinute: 2 } });
    const c = await fx.connect();
    for (const name of ['ann', 'bob', 'cat'])
      await c.request('register', { username: name, password: 'password1' });
    expect((await c.request('login', { username: 'ann', password: 'wrong-pass' })).status).toBe(401);
    expect((await c.request('login', { username: 'bob', password: 'wrong-pass' })).status).toBe(401);
    expect(await c.request('login', { username: 'cat', password: 'password1' })).toMatchObject({
      status: 429,
    });
  });

  it('closes a connection that does not log in within the grace period', async () => {
    srv = await fx.start({ loginGraceMs: 200 });
    const c = await fx.connect();
    await c.request('register', { username: 'ann', password: 'password1' });
    await c.closed;
    expect(c.takePushes('bye')).toEqual([{ reason: 'timeout' }]);
  });
});

describe('login grace', () => {
  it('does not close a connection whose login is still waiting for its password check', async () => {
    const srv = await fx.start({ loginGraceMs: 100 });
    // OWASP cost: the check takes several times the grace period.
    srv.store.users.create('slow', await hashPassword('password1', OWASP_SCRYPT), Date.now());
    const c = await fx.connect();
    expect(await c.request('login', { username: 'slow', password: 'password1' })).toEqual({
      status: 200,
      body: { username: 'slow' },
    });
    expect(await c.request('whoelse')).toEqual({ status: 200, body: { users: [] } });
  });
});

describe('logout and offline delivery', () => {
  it('logs out with 200, closes the connection and tells the others', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: true });
    expect(await bob.request('logout')).toEqual({ status: 200, body: {} });
    await bob.closed;
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: false });
  });

  it('delivers stored messages at the next login, oldest first and marked offline, across a restart', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bobBefore = await fx.user('bob');
    await bobBefore.request('logout');
    await bobBefore.closed;
    const sent = [];
    for (const text of ['one', 'two', 'three']) {
      const res = await ann.request('message', { to: 'bob', text });
      expect(res).toMatchObject({ status: 200, body: { delivered: false } });
      sent.push(res.body);
    }
    ann.close();
    srv = await fx.restart();
    const bob = await fx.user('bob', { register: false });
    const received = [await bob.push('message'), await bob.push('message'), await bob.push('message')];
    expect(received.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(received.every((m) => m.offline === true && m.from === 'ann')).toBe(true);
    expect(received.map((m) => m.id)).toEqual(sent.map((s) => (s as { id: string }).id));
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3]);
    await bob.ackAll();
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('bob')).toBe(0);
  });
});
