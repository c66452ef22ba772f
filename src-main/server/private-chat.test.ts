import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

describe('private-chat brokering', () => {
  it('hands a one-time token to both sides when the recipient accepts', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const start = await ann.request('startprivate', { user: 'bob' });
    expect(start.status).toBe(200);
    const { requestId } = start.body as { requestId: string };
    const before = Date.now();
    const request = await bob.push('privaterequest');
    expect(Object.keys(request).sort()).toEqual(['expiresAt', 'from', 'requestId']);
    expect(request).toMatchObject({ requestId, from: 'ann' });
    // 60 s ahead of the server's clock, which is this process's
    expect(request.expiresAt).toBeGreaterThan(before + 55_000);
    expect(request.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    const answer = await bob.request('privateanswer', { requestId, accept: true });
    expect(answer.status).toBe(200);
    const { token } = answer.body as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 bits in base64url
    expect(await ann.push('privateaccepted')).toEqual({
      requestId,
      user: 'bob',
      host: '127.0.0.1',
      port: 40002,
      token,
    });
    expect((await bob.request('privateanswer', { requestId, accept: true })).status).toBe(404);
  });

  it('tells the requester of a rejection', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    expect(await bob.request('privateanswer', { requestId, accept: false })).toEqual({
      status: 200,
      body: {},
    });
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'rejected' });
  });

  it('rejects an unanswered request with reason timeout', async () => {
    await fx.start({ privateRequestTtlMs: 150 });
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'timeout' });
    // and the recipient's dialog is told to go
    expect(await bob.push('privatecancelled')).toEqual({ requestId, from: 'ann', reason: 'timeout' });
  });

  it('lets the requester cancel: the recipient is told, and a cancelled request cannot be answered', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const cat = await fx.user('cat', { p2pPort: 40003 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    expect((await cat.request('cancelprivate', { requestId })).status).toBe(404); // not cat's
    expect((await bob.request('cancelprivate', { requestId })).status).toBe(404); // the recipient's is an answer
    expect(await ann.request('cancelprivate', { requestId })).toEqual({ status: 200, body: {} });
    expect(await bob.push('privatecancelled')).toEqual({ requestId, from: 'ann', reason: 'cancelled' });
    expect((await ann.request('cancelprivate', { requestId })).status).toBe(404); // already gone
    expect((await ann.request('cancelprivate', { requestId: 'nope' })).status).toBe(404);
    expect((await bob.request('privateanswer', { requestId, accept: true })).status).toBe(404);
    expect(ann.takePushes('privaterejected')).toEqual([]); // the requester knows: it cancelled
  });

  it('refuses to cancel a request that was answered', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    await bob.request('privateanswer', { requestId, accept: false });
    expect((await ann.request('cancelprivate', { requestId })).status).toBe(404);
    expect(bob.takePushes('privatecancelled')).toEqual([]);
  });

  it('tells the recipient with reason offline when the requester leaves before an answer', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    await ann.request('logout');
    expect(await bob.push('privatecancelled')).toEqual({ requestId, from: 'ann', reason: 'offline' });
    expect((await bob.request('privateanswer', { requestId, accept: true })).status).toBe(404);
  });

  it('rejects with reason offline when the recipient leaves before answering', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    await bob.request('logout');
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'offline' });
  });

  it('answers each refusal with its code', async () => {
    await fx.start();
    const ann = await fx.user('ann', { p2pPort: 40001 });
    const bob = await fx.user('bob', { p2pPort: 40002 });
    const nop = await fx.user('nop'); // logged in without a listener
    const dan = await fx.user('dan', { p2pPort: 40004 });
    await dan.request('logout');
    expect((await ann.request('startprivate', { user: 'ann' })).status).toBe(400);
    expect((await ann.request('startprivate', { user: 'zed' })).status).toBe(404);
    expect((await ann.request('startprivate', { user: 'dan' })).status).toBe(404);
    expect((await ann.request('startprivate', { user: 'nop' })).status).toBe(409);
    expect((await ann.request('startprivate', { user: 'bob' })).status).toBe(200);
    expect((await ann.request('startprivate', { user: 'bob' })).status).toBe(409);
    expect((await bob.request('startprivate', { user: 'ann' })).status).toBe(409);
    expect((await bob.request('privateanswer', { requestId: 'nope', accept: true })).status).toBe(404);
    await bob.request('block', { user: 'nop' });

    expect((await nop.request('startprivate', { user: 'bob' })).status).toBe(403);
  });
});
