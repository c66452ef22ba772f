/** Protocol 1.2 "Accounts": name rules, [users], [password] and [unregister], over real TCP. */
import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { FAST_SCRYPT, hashPassword } from '../store/password.js';

const fx = useServerFixture();

describe('registration rules (1.2)', () => {
  it('refuses a name that differs from an existing one only in case, with 409', async () => {
    await fx.start();
    const c = await fx.connect();
    expect((await c.request('register', { username: 'bob', password: 'password1' })).status).toBe(200);
    expect(await c.request('register', { username: 'Bob', password: 'password1' })).toEqual({
      status: 409,
      body: 'username taken',
    });
    expect((await c.request('register', { username: 'BOB', password: 'password1' })).status).toBe(409);
  });

  it.each(['...', '-', '_._', '--__--'])('refuses %s (no letter or digit) with 400', async (name) => {
    await fx.start();
    const c = await fx.connect();
    const res = await c.request('register', { username: name, password: 'password1' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/letter or digit/);
  });

  it('still compares names exactly elsewhere, and older lookalike accounts keep working', async () => {
    const first = await fx.start();
    const hash = await hashPassword('bob-secret', FAST_SCRYPT);
    first.store.users.create('bob', hash, Date.now());
    await first.stop();
    // Accounts a 1.1 server allowed: one differing only in case, one with no letter or digit.
    const raw = new Database(join(first.dataDir, 'parley.sqlite'));
    const insert = raw.prepare('INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, 0)');
    insert.run('Bob', hash);
    insert.run('...', hash);
    raw.close();
    await fx.restart();
    await fx.user('bob', { register: false });
    const upper = await fx.user('Bob', { register: false, password: 'bob-secret' });
    const ann = await fx.user('ann');
    expect(await ann.request('message', { to: 'Bob', text: 'to the capital one' })).toMatchObject({
      status: 200,
    });
    expect((await upper.push('message')).text).toBe('to the capital one');
    expect(await ann.request('message', { to: 'BOB', text: 'x' })).toMatchObject({ status: 404 });
    await fx.user('...', { register: false, password: 'bob-secret' });
  });
});

describe('[users]', () => {
  it('finds registered names by prefix ignoring case, sorted, never-online ones included', async () => {
    const srv = await fx.start();
    for (const name of ['erin', 'Eric', 'eve', 'bob', 'ernest'])
      srv.store.users.create(name, 'x', Date.now());
    const ann = await fx.user('ann');
    expect(await ann.request('users', { prefix: 'ER' })).toEqual({
      status: 200,
      body: { users: ['Eric', 'erin', 'ernest'] },
    });
    expect(await ann.request('users', { prefix: 'e', limit: 2 })).toEqual({
      status: 200,
      body: { users: ['Eric', 'erin'] },
    });
    expect(await ann.request('users', { prefix: 'zz' })).toEqual({ status: 200, body: { users: [] } });
  });

  it('leaves out those who have blocked the requester, and still fills the limit', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    for (const name of ['dan1', 'dan2', 'dan3']) {
      const c = await fx.user(name);
      if (name !== 'dan3') expect((await c.request('block', { user: 'ann' })).status).toBe(200);
    }
    expect(await ann.request('users', { prefix: 'dan', limit: 1 })).toEqual({
      status: 200,
      body: { users: ['dan3'] },
    });
  });

  it('answers 20 names by default, at most 50, and 400 for a bad prefix or limit', async () => {
    const srv = await fx.start();
    for (let i = 0; i < 60; i++) srv.store.users.create(`u${String(i).padStart(2, '0')}`, 'x', Date.now());
    const ann = await fx.user('ann');
    const twenty = await ann.request('users', { prefix: 'u' });
    expect((twenty.body as { users: string[] }).users).toHaveLength(20);
    const fifty = await ann.request('users', { prefix: 'u', limit: 50 });
    expect((fifty.body as { users: string[] }).users).toHaveLength(50);
    for (const body of [
      { prefix: '' },
      { prefix: 'x'.repeat(33) },
      { prefix: 'u', limit: 51 },
      { prefix: 'u', limit: 0 },
    ]) {
      expect((await ann.request('users', body)).status).toBe(400);
    }
  });

  it('needs a login (401)', async () => {
    await fx.start();
    const c = await fx.connect();
    expect(await c.request('users', { prefix: 'a' })).toEqual({
      status: 401,
      body: StandardMessage.notLoggedIn,
    });
  });

  it('uses an index, not a scan of the users table', async () => {
    const srv = await fx.start();
    expect(srv.store.users.prefixQueryPlan()).toMatch(/USING (COVERING )?INDEX users_by_lower_name/);
  });
});

describe('[password]', () => {
  it('changes the password: the new one logs in, the old one no longer does', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    expect(await ann.request('password', { old: 'ann-secret', new: 'brand-new-1' })).toEqual({
      status: 200,
      body: {},
    });
    await ann.request('logout');
    await ann.closed;
    const c = await fx.connect();
    expect((await c.request('login', { username: 'ann', password: 'ann-secret' })).status).toBe(401);
    expect((await c.request('login', { username: 'ann', password: 'brand-new-1' })).status).toBe(200);
  });

  it('answers 401 for a wrong old password, counted toward the lockout', async () => {
    await fx.start({ blockDurationMs: 60_000 });
    const ann = await fx.user('ann');
    expect(await ann.request('password', { old: 'wrong-one-1', new: 'brand-new-1' })).toEqual({
      status: 401,
      body: StandardMessage.wrongPassword,
    });
    expect((await ann.request('password', { old: 'wrong-one-2', new: 'brand-new-1' })).status).toBe(401);
    const other = await fx.connect();
    expect(await other.request('login', { username: 'ann', password: 'wrong-one-3' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
    // Locked: even the right old password is not checked any more.
    expect(await ann.request('password', { old: 'ann-secret', new: 'brand-new-1' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
  });

  it('answers 400 for a new password outside the registration rule, and 401 before login', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const res = await ann.request('password', { old: 'ann-secret', new: 'short' });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/8-256/);
    expect((await ann.request('password', { old: 'ann-secret', new: 'x'.repeat(257) })).status).toBe(400);
    const c = await fx.connect();
    expect((await c.request('password', { old: 'ann-secret', new: 'brand-new-1' })).status).toBe(401);
  });
});

describe('[unregister]', () => {
  it('answers 200, closes, tells the others, and forgets everything of the account', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    expect((await ann.push('presence')).user).toBe('bob');
    await bob.request('block', { user: 'ann' });
    await cat.request('block', { user: 'bob' });
    await bob.request('logout');
    await bob.closed;
    expect(await cat.push('presence')).toEqual({ user: 'bob', online: false });
    expect((await cat.request('message', { to: 'bob', text: 'stored for bob' })).status).toBe(200);
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('bob')).toBe(1);

    const bob2 = await fx.user('bob', { register: false, autoAck: false });
    expect(await cat.push('presence')).toEqual({ user: 'bob', online: true });
    // Neither message is acknowledged: an unregister forgets what is stored either way.
    expect((await cat.request('message', { to: 'bob', text: 'another one' })).status).toBe(200);
    expect(await bob2.request('unregister', { password: 'bob-secret' })).toEqual({ status: 200, body: {} });
    await bob2.closed;
    expect(await cat.push('presence')).toEqual({ user: 'bob', online: false });
    await srv.server.deliveryCommitted();

    expect(srv.store.users.exists('bob')).toBe(false);
    expect(srv.store.inbox.count('bob')).toBe(0);
    expect(srv.store.blocks.listBy('bob')).toEqual([]);
    expect(srv.store.blocks.listBy('cat')).toEqual([]);
    expect(await ann.request('message', { to: 'bob', text: 'gone?' })).toMatchObject({ status: 404 });
    expect(await ann.request('whoelsesince', { seconds: 3600 })).toEqual({
      status: 200,
      body: { users: ['cat'] },
    });
    expect(await ann.request('users', { prefix: 'b' })).toEqual({ status: 200, body: { users: [] } });

    // The name is free again, with nothing of the old account.
    const newBob = await fx.user('bob', { password: 'other-secret' });
    expect(await newBob.request('blocklist')).toEqual({ status: 200, body: { users: [] } });
    expect(newBob.takePushes('message')).toEqual([]);
    expect(await ann.request('message', { to: 'bob', text: 'hello new bob' })).toMatchObject({
      status: 200,
      body: { delivered: true },
    });
  });

  it('answers 401 for a wrong password and keeps the account', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    expect(await ann.request('unregister', { password: 'not-the-one' })).toEqual({
      status: 401,
      body: StandardMessage.wrongPassword,
    });
    expect(srv.store.users.exists('ann')).toBe(true);
    expect(await ann.request('whoelse')).toMatchObject({ status: 200 });
  });

  it('needs a login (401) and a password string (400)', async () => {
    await fx.start();
    const c = await fx.connect();
    expect((await c.request('unregister', { password: 'whatever1' })).status).toBe(401);
    const ann = await fx.user('ann');
    expect((await ann.request('unregister', {})).status).toBe(400);
  });
});
