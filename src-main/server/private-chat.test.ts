import { afterEach, describe, expect, it } from 'vitest';
import { loggedIn, type LineClient } from '../../tests/helpers/line-client.js';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server.js';

let srv: TestServer;
const clients: LineClient[] = [];
async function user(name: string, p2pPort?: number): Promise<LineClient> {
  const client = await loggedIn(srv.port, name, p2pPort === undefined ? {} : { p2pPort });
  clients.push(client);
  return client;
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await srv.dispose();
});

describe('private-chat brokering', () => {
  it('hands a one-time token to both sides when the recipient accepts', async () => {
    srv = await startTestServer();
    const ann = await user('ann', 40001);
    const bob = await user('bob', 40002);
    const start = await ann.request('startprivate', { user: 'bob' });
    expect(start.status).toBe(200);
    const { requestId } = start.body as { requestId: string };
    expect(await bob.push('privaterequest')).toEqual({ requestId, from: 'ann' });
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
    srv = await startTestServer();
    const ann = await user('ann', 40001);
    const bob = await user('bob', 40002);
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    expect(await bob.request('privateanswer', { requestId, accept: false })).toEqual({
      status: 200,
      body: {},
    });
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'rejected' });
  });

  it('rejects an unanswered request with reason timeout', async () => {
    srv = await startTestServer({ privateRequestTtlMs: 150 });
    const ann = await user('ann', 40001);
    await user('bob', 40002);
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'timeout' });
  });

  it('rejects with reason offline when the recipient leaves before answering', async () => {
    srv = await startTestServer();
    const ann = await user('ann', 40001);
    const bob = await user('bob', 40002);
    const { requestId } = (await ann.request('startprivate', { user: 'bob' })).body as { requestId: string };
    await bob.push('privaterequest');
    await bob.request('logout');
    expect(await ann.push('privaterejected')).toEqual({ requestId, user: 'bob', reason: 'offline' });
  });

  it('answers each refusal with its code', async () => {
    srv = await startTestServer();
    const ann = await user('ann', 40001);
    const bob = await user('bob', 40002);
    await user('nop'); // logged in without a listener
    const dan = await user('dan', 40004);
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
    const nop = clients[2];
    expect((await nop?.request('startprivate', { user: 'bob' }))?.status).toBe(403);
  });
});
