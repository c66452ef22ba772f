/**
 * Scenario 12: the cost of being shareable. S1's direct relay over 1, 2 and 3 Parley nodes on one
 * redis-server (AOF everysec), every message crossing nodes (sender on node i, receiver on node
 * i+1), against one node alone on SQLite and against redis-server alone doing the same streams work
 * (bench/scale/redis-floor.ts: the floor for this design). Figures per CPU-second of everything on
 * the server side (all nodes + redis-server; for the floor, its client + redis-server), so that
 * the share of the machine each got does not decide the ranking; then a login storm spread over
 * the nodes. On one machine the cluster cannot beat one node: these figures are the price per
 * message, from which docs/scale-out.md predicts N machines.
 */
import { fileURLToPath } from 'node:url';
import type { LoginStormResult, RelayResult, TargetRef } from '../generator/spec.js';
import { spawnPinned, stopProcess, waitForLine } from '../lib/processes.js';
import type { FloorResult } from '../scale/redis-floor.js';
import { loadFlags } from '../targets/parley.js';
import type { RunningTarget } from '../targets/target.js';
import {
  errorNote,
  fmt,
  PASSWORD,
  unavailable,
  type Context,
  type Row,
  type ScenarioResult,
} from './scenario.js';

const FLOOR_SCRIPT = fileURLToPath(new URL('../scale/redis-floor.ts', import.meta.url));
const PAYLOAD = 100;

interface Setup {
  readonly label: string;
  /** 0: one node on SQLite (today's server). */
  readonly nodes: number;
}

const ref = (t: RunningTarget): TargetRef => ({ protocol: 'parley', host: t.host, port: t.port, pid: t.pid });

/** Starts redis-server and `count` nodes on it (or, with 0, one SQLite node) and runs `work`. */
async function withCluster<T>(
  ctx: Context,
  count: number,
  work: (nodes: RunningTarget[], redis: RunningTarget | undefined) => Promise<T>,
): Promise<T> {
  if (count === 0) return ctx.withTarget('parley', {}, (node) => work([node], undefined));
  return ctx.withTarget('redis-aof', {}, async (redis) => {
    const url = `redis://${redis.host}:${redis.port}`;
    const nodes: RunningTarget[] = [];
    try {
      for (let i = 0; i < count; i++) {
        nodes.push(
          await ctx.start('parley', { flags: [...loadFlags, '--redis', url, '--node-name', `n${i}`] }),
        );
      }
      return await work(nodes, redis);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
    }
  });
}

async function runFloor(ctx: Context, pairs: number): Promise<FloorResult> {
  return ctx.withTarget('redis-aof', {}, async (redis) => {
    const spec = {
      port: redis.port,
      redisPid: redis.pid,
      pairs,
      window: 64,
      warmupMs: ctx.quick ? 300 : 1000,
      durationMs: ctx.quick ? 1000 : 5000,
      payloadBytes: PAYLOAD,
    };
    const p = spawnPinned(ctx.pinning.generator, process.execPath, [
      '--import',
      'tsx',
      FLOOR_SCRIPT,
      JSON.stringify(spec),
    ]);
    try {
      const match = await waitForLine(p, /^result (\{.*\})$/, 120_000);
      return JSON.parse(match[1] ?? '{}') as FloorResult;
    } finally {
      await stopProcess(p, 2_000);
    }
  });
}

export async function scaleOut(ctx: Context): Promise<ScenarioResult> {
  const pairs = ctx.quick ? 20 : 200;
  const logins = ctx.quick ? 200 : 2000;
  const setups: Setup[] = [
    { label: 'one node, SQLite', nodes: 0 },
    { label: '1 node on Redis', nodes: 1 },
    { label: '2 nodes on Redis', nodes: 2 },
    { label: '3 nodes on Redis', nodes: 3 },
  ];
  const rows: Row[] = [];
  const notes: string[] = [];
  const raw: Record<string, unknown> = {};
  const missing = unavailable('redis-aof');
  if (missing !== undefined) notes.push(`redis-server: ${missing}; S12 needs it`);

  let floor: FloorResult | undefined;
  if (missing === undefined) {
    try {
      floor = await runFloor(ctx, pairs);
      raw['floor'] = floor;
    } catch (error) {
      notes.push(`floor: ${errorNote(error)}`);
    }
  }
  const relay = new Map<string, RelayResult>();
  const storm = new Map<string, LoginStormResult>();
  for (const setup of setups) {
    if (setup.nodes > 0 && missing !== undefined) continue;
    ctx.log(`  S12 ${setup.label}`);
    try {
      await withCluster(ctx, setup.nodes, async (nodes, redis) => {
        const [first, ...rest] = nodes.map(ref);
        const cluster = { target: first!, nodes: rest, alsoPids: redis === undefined ? [] : [redis.pid] };
        const result = (await ctx.run(
          {
            kind: 'relay',
            mode: 'direct',
            ...cluster,
            userPrefix: ctx.prefix(),
            password: PASSWORD,
            pairs,
            rate: 0,
            window: 64,
            batch: 32,
            loginConcurrency: 50,
            warmupMs: ctx.quick ? 300 : 1000,
            durationMs: ctx.quick ? 1000 : 5000,
            drainMs: 3000,
            payloadBytes: PAYLOAD,
          },
          ctx.quick ? 120_000 : 300_000,
        )) as RelayResult;
        relay.set(setup.label, result);
        const logged = (await ctx.run(
          {
            kind: 'login-storm',
            ...cluster,
            userPrefix: ctx.prefix(),
            password: PASSWORD,
            loginConcurrency: 100,
            logins,
            register: true,
            observers: 4,
            probeIntervalMs: 10,
            timeoutMs: 60_000,
          },
          ctx.quick ? 180_000 : 900_000,
        )) as LoginStormResult;
        storm.set(setup.label, logged);
      });
    } catch (error) {
      notes.push(`${setup.label}: ${errorNote(error)}`);
    }
  }
  raw['relay'] = Object.fromEntries(relay);
  raw['storm'] = Object.fromEntries(storm);

  const perCpu = (r: RelayResult): number | undefined =>
    r.cpu.server === undefined || r.cpu.server <= 0
      ? undefined
      : r.deliveriesPerSecond / (r.cpu.server / 100);
  const single = relay.get('one node, SQLite');
  const singlePerCpu = single === undefined ? undefined : perCpu(single);
  const row = (
    label: string,
    metric: string,
    unit: string,
    higher: boolean,
    value: number | undefined,
  ): Row => ({
    label,
    metric,
    unit,
    higherIsBetter: higher,
    cells: { parley: value === undefined ? { note: 'not measured' } : { value } },
  });
  if (floor !== undefined) {
    const floorRow = (metric: string, unit: string, higher: boolean, value: number): Row => ({
      label: 'redis alone (floor)',
      metric,
      unit,
      higherIsBetter: higher,
      cells: { 'redis-aof': { value } },
    });
    rows.push(floorRow('msg per CPU-s (client + redis)', 'msg/s', true, floor.perCpuSecond));
    rows.push(
      floorRow(
        'msg per CPU-s (redis alone)',
        'msg/s',
        true,
        (floor.deliveriesPerSecond * floor.measuredSeconds) / floor.redisCpuSeconds,
      ),
    );
    rows.push(floorRow('deliveries', 'msg/s', true, floor.deliveriesPerSecond));
    rows.push(floorRow('p99', 'ms', false, floor.p99));
  }
  for (const setup of setups) {
    const r = relay.get(setup.label);
    if (r === undefined) continue;
    const cpu = perCpu(r);
    rows.push(row(setup.label, 'msg per CPU-s (nodes + redis)', 'msg/s', true, cpu));
    if (cpu !== undefined && singlePerCpu !== undefined && setup.nodes > 0) {
      rows.push(row(setup.label, 'per CPU-s, share of one node', '%', true, (cpu / singlePerCpu) * 100));
    }
    rows.push(row(setup.label, 'deliveries', 'msg/s', true, r.deliveriesPerSecond));
    rows.push(row(setup.label, 'p99', 'ms', false, r.latency.p99));
    if (r.integrity.lost + r.integrity.duplicated + r.integrity.reordered > 0) {
      notes.push(`${setup.label}: integrity ${JSON.stringify(r.integrity)}`);
    }
    const s = storm.get(setup.label);
    if (s !== undefined) {
      rows.push(row(setup.label, 'login storm', 'logins/s', true, s.loginsPerSecond));
      if (s.succeeded < s.attempted)
        notes.push(`${setup.label}: ${s.attempted - s.succeeded} logins failed: ${s.failures.join('; ')}`);
    }
  }
  const three = relay.get('3 nodes on Redis');
  const threePerCpu = three === undefined ? undefined : perCpu(three);
  return {
    id: 12,
    title: 'Scale-out over Redis',
    rows,
    goals: [
      {
        description: 'every message of the cluster runs delivered once, in order',
        measured: [...relay.entries()]
          .map(([l, r]) => `${l}: lost ${r.integrity.lost}, dup ${r.integrity.duplicated}`)
          .join('; '),
        met:
          relay.size === 0
            ? undefined
            : [...relay.values()].every(
                (r) => r.integrity.lost + r.integrity.duplicated + r.integrity.reordered === 0,
              ),
      },
      {
        description: '3 nodes: msg per CPU-s, as a share of one SQLite node (measured, no target)',
        measured:
          threePerCpu === undefined || singlePerCpu === undefined
            ? 'n/a'
            : `${fmt((threePerCpu / singlePerCpu) * 100)} %`,
        met: undefined,
      },
    ],
    raw,
    notes,
  };
}
