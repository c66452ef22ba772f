/**
 * Failure case 4 of scale-out: kill -9 of redis-server (AOF, everysec) in the middle of traffic,
 * then a restart over its folder. Nothing answered 200 is lost or doubled; while Redis is down a
 * message gets 503 within the protocol's 15 seconds, never 200; a message answered 503 is never
 * delivered later; the nodes resume without a restart.
 */
import { describe, expect, it } from 'vitest';
import type { LineClient } from '../helpers/line-client.js';
import type { ParleyNode } from '../helpers/server-nodes.js';
import {
  BOUND_MS,
  drainUntil,
  Inbox,
  login,
  loginWithin,
  pushWithin,
  SLACK_MS,
  useCluster,
} from './cluster.js';

const cluster = useCluster(2);

interface Sent {
  readonly text: string;
  status: number | 'pending' | 'unknown';
}

/** A request answered within `ms`, or 'pending' (held: what the protocol forbids). */
async function within(client: LineClient, text: string, ms: number): Promise<number | 'pending' | 'unknown'> {
  let timer: NodeJS.Timeout | undefined;
  const held = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const answer = client.request('message', { to: 'rk_r', text }).then(
    (res) => res.status,
    () => 'unknown' as const,
  );
  const result = await Promise.race([answer, held]);
  clearTimeout(timer);
  return result;
}

describe('kill -9 of redis-server and a restart', () => {
  it('loses and doubles nothing answered 200, answers 503 while down, replays nothing', async () => {
    const { redis, nodes } = cluster();
    const [n0, n1] = nodes as [ParleyNode, ParleyNode];
    const sender = await login(n0, 'rk_s');
    let recipient = await login(n1, 'rk_r');
    const inbox = new Inbox();
    const sent: Sent[] = [];
    const answers: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      const record: Sent = { text: `rk#${i}`, status: 'pending' };
      sent.push(record);
      answers.push(
        sender.request('message', { to: 'rk_r', text: record.text }).then(
          (res) => void (record.status = res.status),
          () => void (record.status = 'unknown'),
        ),
      );
    }
    for (let i = 0; i < 10; i++) inbox.add(await pushWithin(recipient, 'message', 60_000));
    await redis.kill9();
    await Promise.all(answers);
    expect(sent.filter((m) => m.status !== 200 && m.status !== 503)).toEqual([]);

    // Down: every request that needs Redis is refused within the bound, never held, never 200.
    const refused: string[] = [];
    for (let i = 0; i < 3; i++) {
      const text = `down#${i}`;
      expect(await within(sender, text, BOUND_MS + SLACK_MS)).toBe(503);
      refused.push(text);
    }

    await redis.restart();
    // Back: the nodes resume by themselves (no restart); probe until a message is taken again.
    const deadline = Date.now() + BOUND_MS + SLACK_MS;
    let probe = 0;
    for (;;) {
      const text = `probe#${probe++}`;
      const status = await within(sender, text, BOUND_MS + SLACK_MS);
      if (status === 200) {
        sent.push({ text, status });
        break;
      }
      expect(status).toBe(503);
      refused.push(text);
      expect(Date.now()).toBeLessThan(deadline);
    }
    inbox.take(recipient);
    if (recipient.isClosed) recipient = (await loginWithin(n1, 'rk_r', BOUND_MS + SLACK_MS)).client;
    const ok = sent.filter((m) => m.status === 200);
    await drainUntil(recipient, inbox, () => ok.every((m) => inbox.has(m.text)), 60_000);
    // A fresh login re-reads the stored stream: still exactly once, and nothing refused appears.
    await recipient.ackAll();
    expect((await recipient.request('logout')).status).toBe(200);
    const again = await loginWithin(n0, 'rk_r', BOUND_MS + SLACK_MS);
    expect((await sender.request('message', { to: 'rk_r', text: 'last' })).status).toBe(200);
    await drainUntil(again.client, inbox, () => inbox.has('last'), 60_000);
    expect(inbox.violations).toEqual([]);
    for (const m of ok) expect(inbox.count(m.text), m.text).toBe(1);
    for (const m of sent) if (m.status === 503) refused.push(m.text);
    for (const text of refused) expect(inbox.has(text), text).toBe(false);
    sender.close();
    again.client.close();
  }, 180_000);
});
