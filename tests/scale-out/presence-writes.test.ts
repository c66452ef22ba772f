/**
 * Failure case 8 of scale-out: presence without the square. A wave of logins spread over three
 * nodes: each node fans the changes out to its own users through its batcher, so a window costs at
 * most one write per online user of that node however many logins it carries. Measured from the
 * nodes' own counters (`--report-stats`, SIGUSR2) and from what each observer receives.
 */
import { describe, expect, it } from 'vitest';
import type { LineClient } from '../helpers/line-client.js';
import type { ParleyNode } from '../helpers/server-nodes.js';
import { BOUND_MS, changesOf, login, SLACK_MS, useCluster } from './cluster.js';

const cluster = useCluster(3, { flags: ['--report-stats'] });

interface Presence {
  windows: number;
  writes: number;
  maxWritesPerWindow: number;
  onlineAtMaxWrites: number;
}

/** SIGUSR2 the node and resolve with the presence counters of the `stats` line it prints. */
async function stats(node: ParleyNode): Promise<Presence & { online: number }> {
  const before = node.output.filter((l) => l.startsWith('stats {')).length;
  process.kill(node.pid, 'SIGUSR2');
  for (;;) {
    await node.waitForLine(/^stats \{/, 30_000);
    const lines = node.output.filter((l) => l.startsWith('stats {'));
    if (lines.length > before) {
      const report = JSON.parse(lines[lines.length - 1]!.slice('stats '.length)) as {
        online: number;
        presence: Presence;
      };
      return { ...report.presence, online: report.online };
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Reads presence frames until every one of `users` is online; returns the frames read. */
async function readUntilOnline(client: LineClient, users: readonly string[]): Promise<number> {
  const online = new Set<string>();
  let frames = 0;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`presence incomplete: ${online.size}/${users.length}`)),
      BOUND_MS + SLACK_MS,
    );
  });
  try {
    while (!users.every((u) => online.has(u))) {
      const frame = await Promise.race([client.push('presence'), bound]);
      frames++;
      for (const change of changesOf(frame)) {
        if (change.online) online.add(change.user);
        else online.delete(change.user);
      }
    }
  } finally {
    clearTimeout(timer);
  }
  return frames;
}

describe('presence across nodes', () => {
  it('costs at most one write per online user per window on each node', async () => {
    const nodes = cluster().nodes;
    const nodeOf = (i: number): ParleyNode => nodes[i % nodes.length]!;
    const observers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => login(nodeOf(i), `pw_obs${i}`, { presenceBatch: true })),
    );
    const mark = await login(nodeOf(0), 'pw_mark', { presenceBatch: true });
    await Promise.all(observers.map((o) => readUntilOnline(o, ['pw_mark'])));
    const before = await Promise.all(nodes.map(stats));

    const wave = Array.from({ length: 30 }, (_, i) => `pw_wave${i}`);
    const waveClients = await Promise.all(
      wave.map((name, i) => login(nodeOf(i), name, { presenceBatch: true })),
    );
    const frames = await Promise.all(observers.map((o) => readUntilOnline(o, wave)));
    const after = await Promise.all(nodes.map(stats));

    const total = observers.length + 1 + wave.length;
    nodes.forEach((_, n) => {
      const windows = after[n]!.windows - before[n]!.windows;
      const writes = after[n]!.writes - before[n]!.writes;
      expect(windows).toBeGreaterThan(0);
      // Each node writes only to its own users: at most one per online user per window.
      expect(after[n]!.online).toBeLessThan(total);
      expect(writes).toBeLessThanOrEqual(windows * after[n]!.online);
      expect(after[n]!.maxWritesPerWindow).toBeLessThanOrEqual(after[n]!.onlineAtMaxWrites);
      observers.forEach((_, i) => {
        if (i % nodes.length === n) expect(frames[i]).toBeLessThanOrEqual(windows);
      });
    });
    for (const c of [...observers, mark, ...waveClients]) c.close();
  }, 120_000);
});
