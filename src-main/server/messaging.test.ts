import { describe, expect, it } from 'vitest';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

describe('message', () => {
  it('delivers to an online recipient with id, sender, text and time', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const res = await ann.request('message', { to: 'bob', text: 'hello bob 👋' });
    expect(res).toMatchObject({ status: 200, body: { delivered: true } });
    const { id, ts } = res.body as { id: string; ts: number };
    expect(await bob.push('message')).toEqual({ id, seq: 1, ts, from: 'ann', text: 'hello bob 👋' });
  });

  it('refuses yourself (400), unknown users (404), bad text (400) and a recipient who blocked you (403)', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    expect((await ann.request('message', { to: 'ann', text: 'me' })).status).toBe(400);
    expect((await ann.request('message', { to: 'zed', text: 'hi' })).status).toBe(404);
    expect((await ann.request('message', { to: 'bob', text: '' })).status).toBe(400);
    expect((await ann.request('message', { to: 'bob', text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await ann.request('message', { to: 'bob', text: '😀'.repeat(4000) })).status).toBe(200);
    expect((await ann.request('message', { to: 'bob', text: 7 })).status).toBe(400);
    expect(await bob.request('block', { user: 'ann' })).toEqual({ status: 200, body: {} });
    expect(await ann.request('message', { to: 'bob', text: 'hi' })).toEqual({
      status: 403,
      body: StandardMessage.blockedByRecipient,
    });
  });

  it('keeps answering in request order when many requests arrive in one write', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    await fx.user('bob');
    const lines = Array.from({ length: 200 }, (_, i) =>
      i % 2 === 0 ? `[message] {"to":"bob","text":"m${i}"}\n` : '[whoelse] {}\n',
    );
    ann.sendRaw(lines.join(''));
    for (let i = 0; i < 200; i++) {
      const frame = await ann.next((f) => f.kind === 'response');
      if (frame.kind !== 'response') throw new Error('unreachable');
      if (i % 2 === 0) expect(frame.body).toMatchObject({ delivered: true });
      else expect(frame.body).toEqual({ users: ['bob'] });
    }
  });
});

describe('broadcast', () => {
  it('reaches every other online user except those who blocked the sender, and counts them', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    await cat.request('block', { user: 'ann' });
    const res = await ann.request('broadcast', { text: 'hi all' });
    expect(res).toMatchObject({ status: 200, body: { skipped: 1 } });
    expect(await bob.push('broadcast')).toMatchObject({ from: 'ann', text: 'hi all' });
    await cat.request('ping'); // any broadcast to cat would have arrived before this response
    expect(cat.takePushes('broadcast')).toEqual([]);
    expect(ann.takePushes('broadcast')).toEqual([]);
  });
});

describe('presence, whoelse and whoelsesince', () => {
  it('announces logins and logouts, except to users the subject has blocked', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: true });
    await bob.request('block', { user: 'ann' });
    await bob.request('logout');
    await ann.request('ping');
    // One offline at the block itself (defect 9, block-presence.test.ts), none at the logout.
    expect(ann.takePushes('presence')).toEqual([{ user: 'bob', online: false }]);
    const cat = await fx.user('cat');
    expect(await ann.push('presence')).toEqual({ user: 'cat', online: true });
    await cat.request('logout');
    expect(await ann.push('presence')).toEqual({ user: 'cat', online: false });
  });

  it('delivers presence gathered over the batching window', async () => {
    await fx.start({ presenceBatchMs: 30 });
    const ann = await fx.user('ann');
    await fx.user('bob');
    expect(await ann.push('presence')).toEqual({ user: 'bob', online: true });
  });

  it('lists the other online users, sorted, less those who blocked the asker', async () => {
    await fx.start();
    const cat = await fx.user('cat');
    await fx.user('ann');
    const bob = await fx.user('bob');
    expect(await cat.request('whoelse')).toEqual({ status: 200, body: { users: ['ann', 'bob'] } });
    await bob.request('block', { user: 'cat' });
    expect(await cat.request('whoelse')).toEqual({ status: 200, body: { users: ['ann'] } });
  });

  it('remembers who was online lately, across a restart', async () => {
    let now = 10_000_000;
    await fx.start({ clock: () => now });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await bob.request('logout');
    await bob.closed;
    now += 30_000;
    expect((await ann.request('whoelsesince', { seconds: 60 })).body).toEqual({ users: ['bob'] });
    expect((await ann.request('whoelsesince', { seconds: 10 })).body).toEqual({ users: [] });
    expect((await ann.request('whoelsesince', { seconds: 0 })).status).toBe(400);
    expect((await ann.request('whoelsesince', { seconds: 1.5 })).status).toBe(400);
    ann.close();
    await fx.restart();
    const cat = await fx.user('cat');
    const since = await cat.request('whoelsesince', { seconds: 60 });
    expect(since.body).toEqual({ users: ['ann', 'bob'] });
  });
});

describe('block and unblock', () => {
  it('answers each case with its code and lists the blocked users', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    await fx.user('bob');
    expect((await ann.request('block', { user: 'ann' })).status).toBe(400);
    expect((await ann.request('block', { user: 'zed' })).status).toBe(404);
    expect((await ann.request('block', { user: 'bob' })).status).toBe(200);
    expect((await ann.request('block', { user: 'bob' })).status).toBe(409);
    expect(await ann.request('blocklist')).toEqual({ status: 200, body: { users: ['bob'] } });
    expect((await ann.request('unblock', { user: 'bob' })).status).toBe(200);
    expect((await ann.request('unblock', { user: 'bob' })).status).toBe(409);
    expect((await ann.request('unblock', { user: 'zed' })).status).toBe(404);
    expect(await ann.request('blocklist')).toEqual({ status: 200, body: { users: [] } });
  });

  it('keeps blocks across a restart', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    await fx.user('bob');
    await ann.request('block', { user: 'bob' });
    await fx.restart();
    const bob = await fx.user('bob', { register: false });
    expect((await bob.request('message', { to: 'ann', text: 'hi' })).status).toBe(403);
  });
});
