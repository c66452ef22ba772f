/** Scenario 2: a fixed total rate of direct messages over 200 pairs; latency percentiles. */
import type { RelayResult } from '../generator/spec.js';
import { cellOf, compare, integrityClean, valueOf, type Outcome, type Variant } from './compare.js';
import { fmt, PASSWORD, type Context, type Row, type ScenarioResult } from './scenario.js';
import type { TargetName } from '../targets/target.js';

export function fixedRateVariant(ctx: Context, rate: number): Variant {
  return {
    label: `${rate / 1000}k msg/s`,
    spec: {
      kind: 'relay',
      mode: 'direct',
      pairs: ctx.quick ? 20 : 200,
      rate,
      window: 0,
      password: PASSWORD,
      loginConcurrency: 100,
      warmupMs: ctx.quick ? 100 : 1000,
      durationMs: ctx.quick ? 400 : 5000,
      drainMs: 3000,
      payloadBytes: 100,
    },
  };
}

export function latencyRows(label: string, o: Partial<Record<TargetName, Outcome>>): Row[] {
  const metrics: [string, (r: RelayResult) => number][] = [
    ['p50 ms', (r) => r.latency.p50],
    ['p99 ms', (r) => r.latency.p99],
    ['p99.9 ms', (r) => r.latency.p999],
    ['max ms', (r) => r.latency.max],
    ['delivered msg/s', (r) => r.deliveriesPerSecond],
  ];
  return metrics.map(([metric, pick]) => ({
    label,
    metric,
    unit: metric.endsWith('ms') ? 'ms' : 'msg/s',
    higherIsBetter: !metric.endsWith('ms'),
    cells: {
      floor: cellOf(o.floor, pick),
      parley: cellOf(o.parley, pick),
      ngircd: cellOf(o.ngircd, pick),
      redis: cellOf(o.redis, pick),
      ...(o['redis-aof'] === undefined ? {} : { 'redis-aof': cellOf(o['redis-aof'], pick) }),
    },
  }));
}

export async function fixedRate(ctx: Context): Promise<ScenarioResult> {
  const rates = ctx.quick ? [1_000, 2_000, 5_000] : [5_000, 20_000, 50_000];
  const variants = rates.map((r) => fixedRateVariant(ctx, r));
  const outcomes = await compare(
    ctx,
    variants,
    () => (ctx.quick ? 60_000 : 180_000),
    undefined,
    ctx.comparisonTargets(true),
  );
  const rows = variants.flatMap((v) => latencyRows(v.label, outcomes.get(v.label)!));
  const target = variants[ctx.quick ? 2 : 1]!;
  const p99 = valueOf(outcomes.get(target.label)?.parley, (r) => r.latency.p99);
  const goals = [
    {
      description: `S2: p99 < 1 ms at ${target.label}${ctx.quick ? ' (quick: 20 pairs)' : ''}`,
      measured: p99 === undefined ? 'n/a' : `${fmt(p99, 3)} ms`,
      met: p99 === undefined ? undefined : p99 < 1,
    },
  ];
  for (const v of variants) {
    const r = valueOf(outcomes.get(v.label)?.parley, (x) => x.deliveriesPerSecond);
    const want = v.spec.rate;
    goals.push({
      description: `S2 ${v.label}: Parley keeps up with the offered rate (≥ 98 %)`,
      measured: r === undefined ? 'n/a' : `${fmt(r)} msg/s`,
      met: r === undefined ? undefined : r >= want * 0.98,
    });
  }
  const integrity = integrityClean(outcomes.values());
  goals.push({
    description: 'S2: every message delivered once, in order',
    measured: integrity.text,
    met: integrity.clean,
  });
  return {
    id: 2,
    title: 'Fixed rate over 200 pairs: latency (open loop, corrected for coordinated omission)',
    rows,
    goals,
    raw: Object.fromEntries(outcomes),
    notes: [
      "latency runs from each 100 µs batch's scheduled send time to receipt (CO-corrected); raw (from the actual write) is in the JSON",
    ],
  };
}
