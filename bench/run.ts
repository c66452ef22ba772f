/**
 * `npm run bench [-- --quick] [--only 1,3] [--no-peers] [--no-pin] [--out FILE] [--profile DIR]`
 * (--profile: every Parley server of the run writes a V8 CPU profile into DIR; summarize one with
 * `npx tsx bench/profile-summary.ts FILE`; --server-commit: run the server from a snapshot of that
 * commit instead of the working tree; --server-dir: from a copy of another checkout as it is now)
 *
 * Runs the scenarios of docs/performance.md: every server under test (Parley's CLI, the floor relay,
 * ngircd, redis-server) in its own process pinned to core 0, the load generator in its own process
 * pinned to core 1. Prints a table and writes every figure as JSON under bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stealPercent, stealSample } from './lib/proc-stats.js';
import { hasTaskset, killAllNow } from './lib/processes.js';
import { serverTreeDirty, snapshotDir, snapshotServer } from './lib/server-snapshot.js';
import { useServerRoot } from './targets/parley.js';
import { renderGoals, renderScenario } from './report.js';
import { directRelay } from './scenarios/1-direct-relay.js';
import { fixedRate } from './scenarios/2-fixed-rate.js';
import { fanOut } from './scenarios/3-fan-out.js';
import { idleScale } from './scenarios/4-idle-scale.js';
import { loginStorm } from './scenarios/5-login-storm.js';
import { offlineBacklog } from './scenarios/6-offline-backlog.js';
import { abuseUnderLoad } from './scenarios/7-abuse.js';
import { rendererBench } from './scenarios/8-renderer.js';
import { roomFanOut } from './scenarios/9-room-fan-out.js';
import { roomHistory } from './scenarios/10-room-history.js';
import { fileTransfer } from './scenarios/11-file-transfer.js';
import { scaleOut } from './scenarios/12-scale-out.js';
import { Context, errorNote, type ScenarioResult } from './scenarios/scenario.js';
import { targets } from './targets/index.js';

const SCENARIOS: Record<number, { title: string; run: (ctx: Context) => Promise<ScenarioResult> }> = {
  1: { title: 'Direct-message relay', run: directRelay },
  2: { title: 'Fixed rate latency', run: fixedRate },
  3: { title: 'Broadcast fan-out', run: fanOut },
  4: { title: 'Idle scale', run: idleScale },
  5: { title: 'Login storm', run: loginStorm },
  6: { title: 'Offline backlog', run: offlineBacklog },
  7: { title: 'Abuse under load', run: abuseUnderLoad },
  8: { title: 'Renderer', run: rendererBench },
  9: { title: 'Room fan-out', run: roomFanOut },
  10: { title: 'Room history', run: roomHistory },
  11: { title: 'File transfer', run: fileTransfer },
  12: { title: 'Scale-out over Redis', run: scaleOut },
};

const root = fileURLToPath(new URL('..', import.meta.url));

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-peers': { type: 'boolean', default: false },
      'no-pin': { type: 'boolean', default: false },
      out: { type: 'string' },
      profile: { type: 'string' },
      'server-commit': { type: 'string' },
      'server-dir': { type: 'string' },
      idle: { type: 'string' },
      storm: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench -- [--quick] [--only 1,2,...] [--no-peers] [--no-pin] [--out FILE] [--profile DIR] [--server-commit REV | --server-dir DIR] [--idle N] [--storm N]\n',
    );
    return 0;
  }
  const ids =
    values.only === undefined
      ? Object.keys(SCENARIOS).map(Number)
      : values.only.split(',').map((s) => Number(s.trim()));
  for (const id of ids) if (SCENARIOS[id] === undefined) throw new Error(`no scenario ${id}`);
  const pin = !values['no-pin'] && hasTaskset() && cpus().length >= 2;
  const pinning = pin ? { server: 0, generator: 1 } : { server: undefined, generator: undefined };
  const started = new Date();
  const snapshot =
    values['server-commit'] !== undefined
      ? snapshotServer(root, values['server-commit'])
      : values['server-dir'] !== undefined
        ? snapshotDir(root, values['server-dir'])
        : undefined;
  if (snapshot !== undefined) {
    useServerRoot(snapshot.dir);
    process.on('exit', () => snapshot.remove()); // also after SIGINT, which exits from its handler
  }
  const server =
    snapshot === undefined
      ? `server: working tree${serverTreeDirty(root) === true ? ' (with uncommitted changes under src-main/src-shared)' : ''}`
      : `server: snapshot of commit ${snapshot.commit}`;
  const log = (text: string): void => void process.stderr.write(`${text}\n`);
  const sizes = {
    ...(values.idle === undefined ? {} : { idle: Number(values.idle) }),
    ...(values.storm === undefined ? {} : { storm: Number(values.storm) }),
  };
  const ctx = new Context(values.quick, pinning, !values['no-peers'], log, values.profile, sizes);

  const header = [
    `Parley benchmark ${values.quick ? '(quick) ' : ''}${started.toISOString()}  commit ${gitCommit() ?? '?'}`,
    `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    pin
      ? 'servers pinned to core 0, generator to core 1 (taskset)'
      : 'not pinned (no taskset or a single core, or --no-pin)',
    server,
    `peers: ${(['ngircd', 'redis', 'redis-aof'] as const).map((n) => `${n} ${targets[n].unavailable() ?? 'installed'}`).join(', ')}`,
  ];
  process.stdout.write(`${header.join('\n')}\n\n`);

  const results: ScenarioResult[] = [];
  try {
    for (const id of ids) {
      const scenario = SCENARIOS[id]!;
      log(`S${id} ${scenario.title}…`);
      const t0 = performance.now();
      const loadBefore = loadavg()[0] ?? 0;
      const stealBefore = stealSample();
      let result: ScenarioResult;
      try {
        result = await scenario.run(ctx);
      } catch (error) {
        result = { id, title: scenario.title, rows: [], goals: [], raw: {}, notes: [errorNote(error)] };
      }
      const seconds = (performance.now() - t0) / 1000;
      log(`S${id} done in ${seconds.toFixed(1)} s`);
      // Other work on this machine, and on the host under it (steal), shows here; it explains
      // noisy tails better than guesses.
      const steal = stealPercent(stealBefore, stealSample());
      result.notes.push(
        `ran ${seconds.toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after (2 cores)` +
          (steal === undefined ? '' : `; CPU steal ${steal.toFixed(1)} %`),
      );
      results.push(result);
      process.stdout.write(`${renderScenario(result)}\n\n`);
    }
  } finally {
    await ctx.stop();
    snapshot?.remove();
  }
  process.stdout.write(`${renderGoals(results)}\n`);

  const file =
    values.out ??
    join(
      root,
      'bench',
      'results',
      `${started.toISOString().replace(/[:.]/g, '-')}${values.quick ? '-quick' : ''}.json`,
    );
  mkdirSync(dirname(file), { recursive: true });
  const json = {
    date: started.toISOString(),
    finished: new Date().toISOString(),
    quick: values.quick,
    commit: gitCommit(),
    server,
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version, loadavgAtEnd: loadavg() },
    pinning,
    scenarios: results,
    goals: results.flatMap((s) => s.goals.map((g) => ({ scenario: s.id, ...g }))),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nresults written to ${file}\n`);
  return 0;
}

main().then(
  (code) => {
    killAllNow();
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    killAllNow();
    process.exit(1);
  },
);
