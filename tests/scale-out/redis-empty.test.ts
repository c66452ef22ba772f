/**
 * Failure case 5 of scale-out: Redis comes back empty (its data lost). The nodes must notice (the
 * epoch key is gone) and either refuse with 503 or go on above the last seq a client saw: a seq
 * handed out twice would make the client's dedupe drop a new message as an old one.
 */
import { describe, expect, it } from 'vitest';
import { LineClient } from '../helpers/line-client.js';
import type { ParleyNode } from '../helpers/server-nodes.js';
import { BOUND_MS, login, password, pushWithin, SLACK_MS, useCluster } from './cluster.js';

const cluster = useCluster(2);

describe('Redis restarted empty', () => {
  it('detects the lost data: 503 or a seq above the last one seen, never a seq again', async () => {
    const { redis, nodes } = cluster();
    const [n0, n1] = nodes as [ParleyNode, ParleyNode];
    const sender = await login(n0, 'em_s');
    const recipient = await login(n1, 'em_r');
    for (let i = 1; i <= 5; i++) {
      expect((await sender.request('message', { to: 'em_r', text: `before#${i}` })).status).toBe(200);
      expect(await pushWithin(recipient, 'message', 60_000)).toMatchObject({ seq: i });
    }
    await recipient.ackAll();
    await redis.restartEmpty();

    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await sender.request('message', { to: 'em_r', text: `after#${i}` }).catch(() => undefined);
      if (res !== undefined) statuses.push(res.status);
    }
    // A new login anywhere: refused, or (a node that went on) accepted; never "no such user".
    const fresh = await LineClient.connect(n0.port);
    const loginStatus = (await fresh.request('login', { username: 'em_s', password: password('em_s') }))
      .status;
    fresh.close();
    expect([200, 409, 503]).toContain(loginStatus);
    for (const status of statuses) expect([200, 503]).toContain(status);
    // Whatever reached the recipient since (a 200 must reach it): above seq 5.
    const pushes = [];
    if (statuses.includes(200) && !recipient.isClosed) {
      const first = await pushWithin(recipient, 'message', BOUND_MS + SLACK_MS).catch(() => undefined);
      if (first) pushes.push(first);
    }
    pushes.push(...recipient.takePushes('message'));
    for (const m of pushes) expect(Number(m.seq), JSON.stringify(m)).toBeGreaterThan(5);
    expect(statuses.length).toBeGreaterThan(0);
    sender.close();
    recipient.close();
  }, 120_000);
});
