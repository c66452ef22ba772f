/**
 * Failure case 1 of scale-out: two nodes on one Redis behave as one server. Every flow crosses
 * nodes: a direct message (live and stored), a broadcast, presence, whoelse/whoelsesince, a block
 * that holds on the other node as soon as its 200 is sent, private-chat brokering, and a second
 * login of the same user on the other node (409).
 */
import { describe, expect, it } from 'vitest';
import { LineClient } from '../helpers/line-client.js';
import type { ParleyNode } from '../helpers/server-nodes.js';
import { login, password, presenceOf, pushWithin, register, useCluster } from './cluster.js';

const cluster = useCluster(2);
const PUSH_MS = 30_000;

describe('two nodes, one service', () => {
  it('relays a direct message across nodes, live and stored for a later login', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const a = await login(n0, 'dm_a');
    const b = await login(n1, 'dm_b');
    const sent = await a.request('message', { to: 'dm_b', text: 'hello across' });
    expect(sent.status).toBe(200);
    const got = await pushWithin(b, 'message', PUSH_MS);
    expect(got).toMatchObject({ from: 'dm_a', text: 'hello across', seq: 1 });

    await register(n1, 'dm_c');
    const stored = await a.request('message', { to: 'dm_c', text: 'for later' });
    expect(stored.status).toBe(200);
    expect((stored.body as { delivered: boolean }).delivered).toBe(false);
    const c = await login(n1, 'dm_c');
    expect(await pushWithin(c, 'message', PUSH_MS)).toMatchObject({ text: 'for later', offline: true });
    for (const x of [a, b, c]) x.close();
  });

  it('refuses a second login of the same user on the other node with 409', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const first = await login(n0, 'twice');
    const second = await LineClient.connect(n1.port);
    const res = await second.request('login', { username: 'twice', password: password('twice') });
    expect(res.status).toBe(409);
    // The first session is untouched.
    expect((await first.request('ping')).status).toBe(200);
    first.close();
    second.close();
  });

  it('fans a broadcast and presence out to the other node, and answers whoelse/whoelsesince for both', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const watcher = await login(n1, 'pr_watch');
    const talker = await login(n0, 'pr_talk');
    await presenceOf(watcher, 'pr_talk', true, PUSH_MS);
    const whoelse = await watcher.request('whoelse');
    expect((whoelse.body as { users: string[] }).users).toContain('pr_talk');

    const sent = await talker.request('broadcast', { text: 'to everyone' });
    expect(sent.status).toBe(200);
    expect(await pushWithin(watcher, 'broadcast', PUSH_MS)).toMatchObject({
      from: 'pr_talk',
      text: 'to everyone',
    });

    expect((await talker.request('logout')).status).toBe(200);
    await presenceOf(watcher, 'pr_talk', false, PUSH_MS);
    const after = await watcher.request('whoelse');
    expect((after.body as { users: string[] }).users).not.toContain('pr_talk');
    const since = await watcher.request('whoelsesince', { seconds: 600 });
    expect((since.body as { users: string[] }).users).toContain('pr_talk');
    watcher.close();
  });

  it('holds a block made on one node on the other as soon as its 200 is sent, and an unblock too', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const blocker = await login(n1, 'bl_b');
    const sender = await login(n0, 'bl_s');
    expect((await blocker.request('block', { user: 'bl_s' })).status).toBe(200);
    expect((await sender.request('message', { to: 'bl_b', text: 'blocked?' })).status).toBe(403);
    const seen = await sender.request('whoelse');
    expect((seen.body as { users: string[] }).users).not.toContain('bl_b');
    expect((await blocker.request('unblock', { user: 'bl_s' })).status).toBe(200);
    expect((await sender.request('message', { to: 'bl_b', text: 'unblocked' })).status).toBe(200);
    expect(await pushWithin(blocker, 'message', PUSH_MS)).toMatchObject({ text: 'unblocked' });
    blocker.close();
    sender.close();
  });

  it('brokers a private chat between users on different nodes', async ({ skip }) => {
    skip(
      "known failing: private-chat requests live only on the sender's node, so startprivate to a user on another node says offline (issue 15, left)",
    );
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const b = await login(n1, 'p2p_b', { p2pPort: 45678 });
    const a = await login(n0, 'p2p_a', { p2pPort: 45679 });
    const start = await a.request('startprivate', { user: 'p2p_b' });
    expect(start.status).toBe(200);
    const requestId = (start.body as { requestId: string }).requestId;
    expect(await pushWithin(b, 'privaterequest', PUSH_MS)).toMatchObject({ requestId, from: 'p2p_a' });
    const answer = await b.request('privateanswer', { requestId, accept: true });
    expect(answer.status).toBe(200);
    const token = (answer.body as { token: string }).token;
    const accepted = await pushWithin(a, 'privateaccepted', PUSH_MS);
    expect(accepted).toMatchObject({ requestId, user: 'p2p_b', port: 45678, token });
    a.close();
    b.close();
  });
});
