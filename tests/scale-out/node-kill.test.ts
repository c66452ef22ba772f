/**
 * Failure case 3 of scale-out: kill -9 of a node in the middle of traffic. Every direct message
 * answered 200 reaches its recipient exactly once (after dedupe by seq, as a client does) once it
 * logs in on the other node; the dead node's user goes offline for the others within the stated
 * bound and can log in elsewhere without waiting out a TTL; the node restarted serves again.
 */
import { describe, expect, it } from 'vitest';
import type { ParleyNode } from '../helpers/server-nodes.js';
import {
  BOUND_MS,
  drainUntil,
  Inbox,
  login,
  loginWithin,
  presenceOf,
  pushWithin,
  SLACK_MS,
  useCluster,
} from './cluster.js';

const cluster = useCluster(2);

interface Sent {
  readonly text: string;
  status: number | 'pending' | 'unknown';
}

describe('kill -9 of a node mid-traffic', () => {
  it('delivers every 200ed message once elsewhere, shows the user offline in bound, lets them log in at once', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    const observer = await login(n0, 'nk_obs');
    const sender = await login(n0, 'nk_s');
    const victim = await login(n1, 'nk_r');
    await presenceOf(observer, 'nk_r', true, BOUND_MS + SLACK_MS);
    const sent: Sent[] = [];
    const answers: Promise<void>[] = [];
    const send = (count: number): void => {
      for (let i = 0; i < count; i++) {
        const record: Sent = { text: `nk#${sent.length}`, status: 'pending' };
        sent.push(record);
        answers.push(
          sender.request('message', { to: 'nk_r', text: record.text }).then(
            (res) => void (record.status = res.status),
            () => void (record.status = 'unknown'),
          ),
        );
      }
    };
    const inbox = new Inbox();
    send(150);
    // Mid-traffic: the recipient has some of it, the rest is in flight.
    for (let i = 0; i < 20; i++) inbox.add(await pushWithin(victim, 'message', 60_000));
    await n1.kill9();
    inbox.take(victim);
    send(100);

    await presenceOf(observer, 'nk_r', false, BOUND_MS + SLACK_MS);
    expect(((await observer.request('whoelse')).body as { users: string[] }).users).not.toContain('nk_r');
    const { client: moved } = await loginWithin(n0, 'nk_r', BOUND_MS + SLACK_MS);
    await Promise.all(answers);
    const ok = sent.filter((m) => m.status === 200);
    // Every answer is a 200 or a refusal: the sender's node never died.
    expect(sent.filter((m) => m.status === 'pending' || m.status === 'unknown')).toEqual([]);
    expect(ok.length).toBeGreaterThan(100);
    await drainUntil(moved, inbox, () => ok.every((m) => inbox.has(m.text)), 60_000);
    await moved.ackAll();
    expect(inbox.violations).toEqual([]);
    for (const m of sent) expect(inbox.count(m.text), m.text).toBeLessThanOrEqual(1);
    // One sender: seq order is send order.
    const order = [...inbox.bySeq.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, t]) => Number(t.split('#')[1]));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // The node comes back on its port and serves its share again.
    expect((await moved.request('logout')).status).toBe(200);
    await n1.restart();
    const back = await login(n1, 'nk_r');
    expect((await sender.request('message', { to: 'nk_r', text: 'after restart' })).status).toBe(200);
    expect(await pushWithin(back, 'message', 60_000, (m) => m.text === 'after restart')).toMatchObject({
      from: 'nk_s',
    });
    for (const c of [observer, sender, back]) c.close();
  }, 180_000);
});
