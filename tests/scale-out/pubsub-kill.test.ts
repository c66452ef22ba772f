/**
 * Failure case 6 of scale-out: Redis drops the nodes' pub/sub connections (CLIENT KILL TYPE
 * pubsub), so wakeups published meanwhile are lost. The nodes notice, resubscribe and re-read
 * their users' inboxes: direct messages still arrive.
 */
import { describe, expect, it } from 'vitest';
import type { ParleyNode } from '../helpers/server-nodes.js';
import { drainUntil, Inbox, login, pushWithin, useCluster } from './cluster.js';

const cluster = useCluster(2);

describe('pub/sub connections killed', () => {
  it('still delivers every direct message, including those sent while resubscribing', async () => {
    const { redis, nodes } = cluster();
    const [n0, n1] = nodes as [ParleyNode, ParleyNode];
    const sender = await login(n0, 'ps_s');
    const recipient = await login(n1, 'ps_r');
    expect((await sender.request('message', { to: 'ps_r', text: 'warm' })).status).toBe(200);
    await pushWithin(recipient, 'message', 60_000);
    const inbox = new Inbox();
    const texts: string[] = [];
    for (let round = 0; round < 2; round++) {
      // Each node holds at least one subscriber connection.
      expect(await redis.killPubsubClients()).toBeGreaterThanOrEqual(2);
      for (let i = 0; i < 20; i++) {
        const text = `ps${round}#${i}`;
        expect((await sender.request('message', { to: 'ps_r', text })).status).toBe(200);
        texts.push(text);
      }
    }
    await drainUntil(recipient, inbox, () => texts.every((t) => inbox.has(t)), 60_000);
    expect(inbox.violations).toEqual([]);
    for (const t of texts) expect(inbox.count(t)).toBe(1);
    sender.close();
    recipient.close();
  }, 120_000);
});
