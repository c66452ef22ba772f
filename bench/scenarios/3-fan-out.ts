/** Scenario 3: one broadcaster, many logged-in receivers, as fast as possible. */
import type { RelayResult } from '../generator/spec.js';
import { cellOf, compare, integrityClean, valueOf, type Variant } from './compare.js';
import { fmt, PASSWORD, type Context, type Row, type ScenarioResult } from './scenario.js';

export async function fanOut(ctx: Context): Promise<ScenarioResult> {
  const users = ctx.quick ? 100 : 1000;
  const variant: Variant = {
    label: `${users} users`,
    spec: {
      kind: 'relay',
      mode: 'broadcast',
      pairs: users,
      rate: 0,
      window: 64,
      batch: 32,
      password: PASSWORD,
      loginConcurrency: 100,
      warmupMs: ctx.quick ? 100 : 1000,
      durationMs: ctx.quick ? 400 : 5000,
      drainMs: 5000,
      payloadBytes: 100,
    },
  };
  const outcomes = await compare(ctx, [variant], () => (ctx.quick ? 60_000 : 300_000));
  const o = outcomes.get(variant.label)!;
  const metrics: [string, (r: RelayResult) => number, boolean][] = [
    ['deliveries/s', (r) => r.deliveriesPerSecond, true],
    ['p99 ms', (r) => r.latency.p99, false],
  ];
  const rows: Row[] = metrics.map(([metric, pick, higher]) => ({
    label: variant.label,
    metric,
    unit: higher ? '/s' : 'ms',
    higherIsBetter: higher,
    cells: {
      floor: cellOf(o.floor, pick),
      parley: cellOf(o.parley, pick),
      ngircd: cellOf(o.ngircd, pick),
      redis: cellOf(o.redis, pick),
      'redis-aof': { note: 'not run: broadcasts are live-only' },
    },
  }));
  const rate = valueOf(o.parley, (r) => r.deliveriesPerSecond);
  const integrity = integrityClean(outcomes.values());
  return {
    id: 3,
    title: 'Broadcast fan-out',
    rows,
    goals: [
      {
        description: `S3: fan-out ≥ 1M deliveries/s${ctx.quick ? ' (quick: 100 users)' : ''}`,
        measured: rate === undefined ? 'n/a' : `${fmt(rate)}/s`,
        met: rate === undefined ? undefined : rate >= 1_000_000,
      },
      {
        description: 'S3: every broadcast delivered once, in order',
        measured: integrity.text,
        met: integrity.clean,
      },
    ],
    raw: Object.fromEntries(outcomes),
    notes: [],
  };
}
