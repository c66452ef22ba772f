/**
 * Scenario 5: many logins at once with OWASP scrypt, while logged-in users ping. The accounts are
 * created first on an unpinned server (both cores) over the same data folder, so the run spends
 * its time on the storm rather than on registering; the storm itself runs on the pinned server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { observerNames } from '../generator/workloads/login-storm.js';
import type { LoginStormResult } from '../generator/spec.js';
import { loadFlags, parleyReportsStats } from '../targets/parley.js';
import { phaseStats, type ServerStats } from '../lib/server-stats.js';
import { serverLoopRows } from './4-idle-scale.js';
import {
  errorNote,
  fmt,
  PASSWORD,
  unavailable,
  type Cell,
  type Context,
  type ScenarioResult,
} from './scenario.js';

const OWASP_FLAGS = loadFlags.map((f) => (f === 'fast' ? 'owasp' : f));

export async function loginStorm(ctx: Context): Promise<ScenarioResult> {
  const logins = ctx.sizes.storm ?? (ctx.quick ? 4 : 500);
  const observers = ctx.quick ? 1 : 5;
  const prefix = ctx.prefix();
  const names = [
    ...Array.from({ length: logins }, (_, i) => `${prefix}l${i}`),
    ...observerNames({ userPrefix: prefix, observers }),
  ];
  let result: LoginStormResult | string = unavailable('parley') ?? '';
  let registerSeconds: number | undefined;
  let serverStats: ServerStats | undefined;
  if (result === '') {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-storm-'));
    try {
      ctx.log(`  parley: registering ${names.length} accounts (OWASP scrypt, unpinned)`);
      const registered = await ctx.withTarget(
        'parley',
        { core: undefined, flags: OWASP_FLAGS, dataDir },
        (setup) =>
          ctx.run(
            {
              kind: 'register',
              target: { protocol: 'parley', host: setup.host, port: setup.port, pid: setup.pid },
              userPrefix: prefix,
              password: PASSWORD,
              loginConcurrency: 8,
              names,
            },
            900_000,
          ),
      );
      if (registered.kind === 'register') registerSeconds = registered.seconds;
      ctx.log(`  parley: storm of ${logins} logins`);
      const signal = parleyReportsStats();
      const r = await ctx.withTarget('parley', { flags: OWASP_FLAGS, dataDir }, async (target) => {
        const before = target.statsLines.length;
        const storm = await ctx.run(
          {
            signalStats: signal,
            kind: 'login-storm',
            target: { protocol: 'parley', host: target.host, port: target.port, pid: target.pid },
            userPrefix: prefix,
            password: PASSWORD,
            loginConcurrency: 100,
            logins,
            register: false,
            observers,
            probeIntervalMs: 10,
            timeoutMs: ctx.quick ? 60_000 : 600_000,
          },
          ctx.quick ? 90_000 : 900_000,
        );
        if (signal) serverStats = await phaseStats(target, before);
        return storm;
      });
      result = r.kind === 'login-storm' ? r : 'unexpected result';
    } catch (error) {
      result = errorNote(error);
      ctx.log(`    ${result}`);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const cell = (pick: (r: LoginStormResult) => number): Cell =>
    typeof result === 'string' ? { note: result } : { value: pick(result), cpu: result.cpu };
  const label = `${logins} logins`;
  const lag = typeof result === 'string' ? undefined : result.lag.p99;
  return {
    id: 5,
    title: 'Login storm (OWASP scrypt) and the event-loop lag seen meanwhile',
    rows: [
      {
        label,
        metric: 'logins/s',
        unit: '/s',
        higherIsBetter: true,
        cells: { parley: cell((r) => r.loginsPerSecond) },
      },
      {
        label,
        metric: 'logins ok',
        unit: '',
        higherIsBetter: true,
        cells: { parley: cell((r) => r.succeeded) },
      },
      {
        label,
        metric: 'login p99 ms',
        unit: 'ms',
        higherIsBetter: false,
        cells: { parley: cell((r) => r.loginLatency.p99) },
      },
      {
        label,
        metric: 'ping p99 ms (lag)',
        unit: 'ms',
        higherIsBetter: false,
        cells: { parley: cell((r) => r.lag.p99) },
      },
      {
        label,
        metric: 'ping max ms',
        unit: 'ms',
        higherIsBetter: false,
        cells: { parley: cell((r) => r.lag.max) },
      },
      ...serverLoopRows(label, serverStats),
    ],
    goals: [
      {
        description: 'S5: event-loop p99 lag < 10 ms during the login storm',
        measured: lag === undefined ? 'n/a' : `${fmt(lag, 3)} ms`,
        met: lag === undefined ? undefined : lag < 10,
      },
      {
        description: 'S5: every storm login succeeds',
        measured: typeof result === 'string' ? 'n/a' : `${result.succeeded}/${result.attempted}`,
        met: typeof result === 'string' ? undefined : result.succeeded === result.attempted,
      },
    ],
    raw: { result, registerSeconds, serverStats },
    notes:
      registerSeconds === undefined
        ? []
        : [
            `registering ${names.length} accounts beforehand took ${fmt(registerSeconds, 1)} s (unpinned server)`,
          ],
  };
}
