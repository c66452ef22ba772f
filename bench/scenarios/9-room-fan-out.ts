/**
 * Scenario 9: room fan-out, durable. Each room has one sender (who created it) and `members`
 * receiving members; every sender posts as fast as its window allows and every member receives
 * every message and acknowledges it (Parley 1.2: `[ack] {"room","seq"}` per read; redis AOF: one
 * stream per room, a consumer group per member, XREADGROUP and XACK). ngircd runs the same rooms
 * as channels: not durable, nothing acknowledged, the cost of the relay alone.
 */
import type { RelayResult } from '../generator/spec.js';
import type { TargetName } from '../targets/target.js';
import { cellOf, compare, integrityClean, perServerCpuSecond, valueOf, type Variant } from './compare.js';
import { fmt, PASSWORD, type Context, type Goal, type Row, type ScenarioResult } from './scenario.js';

const NAMES: readonly TargetName[] = ['parley', 'redis-aof', 'ngircd'];

export function roomVariants(quick: boolean): Variant[] {
  const shapes: [rooms: number, members: number][] = quick
    ? [[4, 10]]
    : [
        [20, 50],
        [1, 1000],
      ];
  return shapes.map(([rooms, members]) => ({
    label: `${rooms} room${rooms === 1 ? '' : 's'} × ${members} members`,
    spec: {
      kind: 'relay',
      mode: 'room',
      rooms,
      pairs: members,
      rate: 0,
      window: 64,
      batch: 16,
      password: PASSWORD,
      loginConcurrency: 100,
      warmupMs: quick ? 200 : 1000,
      durationMs: quick ? 800 : 5000,
      drainMs: 5000,
      payloadBytes: 100,
    },
  }));
}

export async function roomFanOut(ctx: Context): Promise<ScenarioResult> {
  const variants = roomVariants(ctx.quick);
  const names = ctx.peers ? NAMES : NAMES.slice(0, 1);
  const outcomes = await compare(ctx, variants, () => (ctx.quick ? 90_000 : 600_000), undefined, names);
  const rate = (r: RelayResult): number => r.deliveriesPerSecond;
  const perCpu = perServerCpuSecond;
  const p99 = (r: RelayResult): number => r.latency.p99;
  const metrics: [string, string, (r: RelayResult) => number, boolean][] = [
    ['deliveries/s', '/s', rate, true],
    ['deliveries per server CPU-second', '/s', perCpu, true],
    ['p99 ms', 'ms', p99, false],
  ];
  const rows: Row[] = variants.flatMap((v) => {
    const o = outcomes.get(v.label)!;
    return metrics.map(([metric, unit, pick, higher]) => ({
      label: v.label,
      metric,
      unit,
      higherIsBetter: higher,
      cells: {
        floor: { note: 'not run: the floor relay has no rooms' },
        parley: cellOf(o.parley, pick),
        'redis-aof': cellOf(o['redis-aof'], pick),
        ngircd: cellOf(o.ngircd, pick),
        redis: { note: 'not run: pub/sub is not durable; ngircd is the live peer' },
      },
    }));
  });
  const goals: Goal[] = variants.flatMap((v) => {
    const o = outcomes.get(v.label)!;
    const ratio = (pick: (r: RelayResult) => number, other: TargetName): number | undefined => {
      const a = valueOf(o.parley, pick);
      const b = valueOf(o[other], pick);
      return a !== undefined && b !== undefined && Number.isFinite(a) && Number.isFinite(b) && b > 0
        ? a / b
        : undefined;
    };
    const vsDurable = ratio(perCpu, 'redis-aof');
    const vsIrc = ratio(perCpu, 'ngircd');
    const ours = valueOf(o.parley, p99);
    const theirs = valueOf(o['redis-aof'], p99);
    return [
      {
        description: `S9 ${v.label}: deliveries per server CPU-second ≥ 1.5× durable redis (AOF, streams)`,
        measured: vsDurable === undefined ? 'n/a' : `${fmt(vsDurable, 2)}×`,
        met: vsDurable === undefined ? undefined : vsDurable >= 1.5,
      },
      {
        description: `S9 ${v.label}: deliveries per server CPU-second ≥ 1.0× ngircd (channels, not durable)`,
        measured: vsIrc === undefined ? 'n/a' : `${fmt(vsIrc, 2)}×`,
        met: vsIrc === undefined ? undefined : vsIrc >= 1.0,
      },
      {
        description: `S9 ${v.label}: p99 ≤ durable redis's`,
        measured:
          ours === undefined || theirs === undefined ? 'n/a' : `${fmt(ours, 1)} ms vs ${fmt(theirs, 1)} ms`,
        met: ours === undefined || theirs === undefined ? undefined : ours <= theirs,
      },
    ];
  });
  const integrity = integrityClean(outcomes.values());
  goals.push({
    description: 'S9: every room message delivered once, in order, to every member',
    measured: integrity.text,
    met: integrity.clean,
  });
  return {
    id: 9,
    title: 'Room fan-out, durable',
    rows,
    goals,
    raw: Object.fromEntries(outcomes),
    notes: [
      'each room: one sender and its members; every member acks (Parley per read, redis XACK per read); ngircd: channels, nothing acked',
    ],
  };
}
