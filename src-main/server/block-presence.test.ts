/**
 * Defect 9: presence after a block. The blocked user's view loses the blocker at block time (as its
 * whoelse does), and gets the blocker back on unblock while the blocker is online.
 */
import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

describe('presence when blocked', () => {
  it('tells the blocked user the blocker is offline at once, and online again on unblock', async () => {
    await fx.start();
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: true });

    expect((await bob.request('block', { user: 'alice' })).status).toBe(200);
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: false });
    expect(await alice.request('whoelse')).toEqual({ status: 200, body: { users: [] } });

    expect((await bob.request('unblock', { user: 'alice' })).status).toBe(200);
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: true });
    expect(await alice.request('whoelse')).toEqual({ status: 200, body: { users: ['bob'] } });
  });

  it('says nothing to the blocker, nor to a blocked user who is offline', async () => {
    await fx.start();
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    await alice.push('presence');
    await alice.request('logout');
    await alice.closed;
    expect(await bob.push('presence')).toEqual({ user: 'alice', online: false });
    expect((await bob.request('block', { user: 'alice' })).status).toBe(200);
    const cat = await fx.user('cat');
    expect(await bob.push('presence')).toEqual({ user: 'cat', online: true });
    expect(await bob.request('block', { user: 'cat' })).toMatchObject({ status: 200 });
    expect(await cat.push('presence')).toEqual({ user: 'bob', online: false });
    // Nothing about alice or cat came to bob after cat's login: a ping's answer comes first.
    expect((await bob.request('ping')).status).toBe(200);
    expect(bob.takePushes('presence')).toEqual([]);
  });

  it('shows a blocker who came back while blocking only once he unblocks', async () => {
    await fx.start();
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    await alice.push('presence');
    await bob.request('block', { user: 'alice' });
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: false });
    // bob leaves while alice is blocked: she hears nothing (she already has him offline).
    await bob.request('logout');
    await bob.closed;
    const bobAgain = await fx.user('bob', { register: false });
    expect(await bobAgain.request('unblock', { user: 'alice' })).toMatchObject({ status: 200 });
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: true });
    expect((await alice.request('ping')).status).toBe(200);
    expect(alice.takePushes('presence')).toEqual([]);
  });

  it('keeps a block and an unblock in one batching window in order, the last winning', async () => {
    await fx.start({ presenceBatchMs: 30 });
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: true });
    bob.send('block', { user: 'alice' });
    bob.send('unblock', { user: 'alice' });
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: false });
    expect(await alice.push('presence')).toEqual({ user: 'bob', online: true });
  });
});
