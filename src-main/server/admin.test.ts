/** The host's administration of a running server (ServerAdmin), and lockouts that survive a restart. */
import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { AdminError } from './admin.js';

const fx = useServerFixture();

describe('ServerAdmin on a running server', () => {
  it('lists accounts with online, lock and last seen', async () => {
    let now = 1_700_000_000_000;
    const srv = await fx.start({ clock: () => now, blockDurationMs: 60_000 });
    const ann = await fx.user('ann');
    now += 1000;
    const bob = await fx.user('bob');
    await bob.request('logout');
    await bob.closed;
    srv.store.users.create('cat', 'x', now);
    const c = await fx.connect();
    for (const wrong of ['wrong-one-1', 'wrong-one-2', 'wrong-one-3'])
      await c.request('login', { username: 'cat', password: wrong });
    expect(await srv.server.admin.listAccounts()).toEqual([
      { username: 'ann', online: true, lockedUntil: null, lastSeen: 1_700_000_000_000 },
      { username: 'bob', online: false, lockedUntil: null, lastSeen: now },
      { username: 'cat', online: false, lockedUntil: now + 60_000, lastSeen: null },
    ]);
    expect(ann.isClosed).toBe(false);
  });

  it('logs a user out with [bye] admin; the others see them go', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.push('presence');
    expect(await srv.server.admin.logOut('bob')).toBe(true);
    await bob.closed;
    expect(bob.takePushes('bye')).toEqual([{ reason: 'admin' }]);
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: false });
    expect(await srv.server.admin.logOut('bob')).toBe(false);
    await expect(srv.server.admin.logOut('nobody')).rejects.toThrow(AdminError);
  });

  it('locks for N seconds (logging the user out), and unlocks', async () => {
    let now = 1_700_000_000_000;
    const srv = await fx.start({ clock: () => now });
    const bob = await fx.user('bob');
    await srv.server.admin.lock('bob', 30);
    await bob.closed;
    const c = await fx.connect();
    expect(await c.request('login', { username: 'bob', password: 'bob-secret' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
    expect(await srv.server.admin.unlock('bob')).toBe(true);
    expect((await c.request('login', { username: 'bob', password: 'bob-secret' })).status).toBe(200);
    await srv.server.admin.lock('bob', 30);
    now += 30_000;
    const d = await fx.connect();
    expect((await d.request('login', { username: 'bob', password: 'bob-secret' })).status).toBe(200);
    await expect(srv.server.admin.lock('bob', 0)).rejects.toThrow(/whole seconds/);
    expect(await srv.server.admin.unlock('bob')).toBe(false);
  });

  it('removes an account: logged out, gone, the name free again', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.push('presence');
    await srv.server.admin.removeAccount('bob');
    await bob.closed;
    expect(bob.takePushes('bye')).toEqual([{ reason: 'admin' }]);
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: false });
    expect(await ann.request('message', { to: 'bob', text: 'hi' })).toMatchObject({ status: 404 });
    expect((await srv.server.admin.listAccounts()).map((a) => a.username)).toEqual(['ann']);
    await expect(srv.server.admin.removeAccount('bob')).rejects.toThrow(/no such user/);
    await fx.user('bob');
  });
});

describe('lockouts on disk', () => {
  it('a lock made by wrong passwords survives a restart', async () => {
    await fx.start({ blockDurationMs: 600_000 });
    await fx.user('ann').then((c) => c.request('logout'));
    const c = await fx.connect();
    for (const wrong of ['wrong-one-1', 'wrong-one-2', 'wrong-one-3'])
      await c.request('login', { username: 'ann', password: wrong });
    await fx.restart();
    const after = await fx.connect();
    expect(await after.request('login', { username: 'ann', password: 'ann-secret' })).toEqual({
      status: 403,
      body: StandardMessage.accountLocked,
    });
  });
});
