/** Scenario 4: many idle logged-in connections: server RSS per connection and event-loop lag. */
import type { IdleResult } from '../generator/spec.js';
import type { TargetName } from '../targets/target.js';
import { parleyReportsStats } from '../targets/parley.js';
import { phaseStats, type ServerStats } from '../lib/server-stats.js';
import {
  errorNote,
  fmt,
  PASSWORD,
  unavailable,
  type Cell,
  type Context,
  type ScenarioResult,
} from './scenario.js';

/** Each process may hold 20,000 descriptors here (hard limit, not raisable in this container). */
export const IDLE_CONNECTIONS_FULL = 10_000;

export async function idleScale(ctx: Context): Promise<ScenarioResult> {
  const connections = ctx.sizes.idle ?? (ctx.quick ? 300 : IDLE_CONNECTIONS_FULL);
  const results: Partial<Record<TargetName, IdleResult | string>> = {};
  /** What the Parley server saw of the probe from inside (--report-stats). */
  let serverStats: ServerStats | undefined;
  for (const name of ctx.comparisonTargets()) {
    const why = unavailable(name);
    if (why !== undefined) {
      results[name] = why;
      continue;
    }
    ctx.log(`  ${name}: ${connections} idle connections`);
    const target = await ctx.start(name).catch((e: unknown) => errorNote(e));
    if (typeof target === 'string') {
      results[name] = target;
      continue;
    }
    try {
      const signal = name === 'parley' && parleyReportsStats();
      const before = target.statsLines.length;
      const r = await ctx.run(
        {
          signalStats: signal,
          kind: 'idle',
          target: { protocol: target.protocol, host: target.host, port: target.port, pid: target.pid },
          userPrefix: ctx.prefix(),
          password: PASSWORD,
          // ngircd listens with a short accept backlog: many connects at once overflow it and SYNs are dropped.
          loginConcurrency: name === 'ngircd' ? 20 : 200,
          connections,
          loginPhaseMs: ctx.quick ? 30_000 : 240_000,
          settleMs: ctx.quick ? 100 : 2000,
          probeMs: ctx.quick ? 300 : 5000,
          probeIntervalMs: 10,
        },
        ctx.quick ? 60_000 : 1_200_000,
      );
      results[name] = r.kind === 'idle' ? r : 'unexpected result';
      if (signal) serverStats = await phaseStats(target, before);
    } catch (error) {
      results[name] = errorNote(error);
      ctx.log(`    ${errorNote(error)}`);
    } finally {
      await target.stop();
    }
  }
  const cell = (name: TargetName, pick: (r: IdleResult) => number | undefined): Cell => {
    const r = results[name];
    if (r === undefined) return { note: 'not run' };
    if (typeof r === 'string') return { note: r };
    const value = pick(r);
    return value === undefined ? { note: '/proc unreadable' } : { value, cpu: r.cpuDuringProbe };
  };
  const cells = (pick: (r: IdleResult) => number | undefined): Partial<Record<TargetName, Cell>> =>
    Object.fromEntries(ctx.comparisonTargets().map((n) => [n, cell(n, pick)]));
  const label = `${fmt(connections)} conns`;
  const parley = results.parley;
  const perConn = typeof parley === 'object' ? parley.rssPerConnectionBytes : undefined;
  return {
    id: 4,
    title: 'Idle scale: logged-in connections doing nothing',
    rows: [
      {
        label,
        metric: 'RSS per connection',
        unit: 'B',
        higherIsBetter: false,
        cells: cells((r) => r.rssPerConnectionBytes),
      },
      {
        label,
        metric: 'server RSS after',
        unit: 'B',
        higherIsBetter: false,
        cells: cells((r) => r.rssAfterBytes),
      },
      { label, metric: 'logged in', unit: '', higherIsBetter: true, cells: cells((r) => r.loggedIn) },
      {
        label,
        metric: 'login phase s',
        unit: 's',
        higherIsBetter: false,
        cells: cells((r) => r.loginSeconds),
      },
      { label, metric: 'ping p99 ms', unit: 'ms', higherIsBetter: false, cells: cells((r) => r.lag.p99) },
      { label, metric: 'ping max ms', unit: 'ms', higherIsBetter: false, cells: cells((r) => r.lag.max) },
      ...serverLoopRows(label, serverStats),
    ],
    goals: [
      {
        description: `S4: < 10 KiB RSS per idle session${ctx.quick ? ' (quick: 300)' : ''}`,
        measured:
          perConn === undefined || typeof parley !== 'object'
            ? 'n/a'
            : `${fmt(perConn / 1024, 1)} KiB (${fmt(parley.loggedIn)} of ${fmt(parley.requested)} logged in)`,
        met: perConn === undefined ? undefined : perConn < 10 * 1024,
      },
      {
        description: `S4: all ${fmt(connections)} sessions log in within ${ctx.quick ? 30 : 240} s`,
        measured:
          typeof parley === 'object' ? `${fmt(parley.loggedIn)} in ${fmt(parley.loginSeconds, 0)} s` : 'n/a',
        met: typeof parley === 'object' ? parley.loggedIn === parley.requested : undefined,
      },
    ],
    raw: { ...results, parleyServerStats: serverStats },
    notes: [
      `${fmt(connections)} connections; ulimit -n is 20000 (hard) for every process here and cannot be raised in this container, so the full size is ${fmt(IDLE_CONNECTIONS_FULL)}: both the server and the generator stay under it`,
    ],
  };
}

/** The server's own event-loop delay during the probe (monitorEventLoopDelay), Parley only. */
export function serverLoopRows(label: string, stats: ServerStats | undefined): ScenarioResult['rows'] {
  const cell = (value: number | undefined): Cell =>
    value === undefined ? { note: 'not reported' } : { value };
  return [
    {
      label,
      metric: 'server loop delay p99 ms',
      unit: 'ms',
      higherIsBetter: false,
      cells: { parley: cell(stats?.eventLoopDelayMs.p99) },
    },
    {
      label,
      metric: 'server loop delay max ms',
      unit: 'ms',
      higherIsBetter: false,
      cells: { parley: cell(stats?.eventLoopDelayMs.max) },
    },
    {
      label,
      metric: 'server GC pause max ms',
      unit: 'ms',
      higherIsBetter: false,
      cells: { parley: cell(stats?.gc?.maxMs) },
    },
  ];
}
