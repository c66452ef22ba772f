/**
 * Idle scale: many logged-in connections that do nothing. Server RSS before and after they log in
 * (accounts are created first, so the difference is sessions, not rows), then the event-loop lag
 * seen by a pinging client while they sit there.
 */
import { adapters } from '../../adapters/index.js';
import { loginOnly } from '../../adapters/parley.js';
import { CpuMeter, rssBytes } from '../../lib/proc-stats.js';
import { signalStats } from '../../lib/server-stats.js';
import { LineConn } from '../line-conn.js';
import { summarize } from '../latency.js';
import { Pinger } from '../pinger.js';
import { mapLimit, sleep } from '../pool.js';
import { registerAll } from '../register.js';
import { waitUntilIdle } from '../server-idle.js';
import type { IdleResult, IdleSpec } from '../spec.js';

export async function runIdle(spec: IdleSpec): Promise<IdleResult> {
  const adapter = adapters[spec.target.protocol];
  const { host, port, pid } = spec.target;
  const setupStart = performance.now();
  const names = Array.from({ length: spec.connections }, (_, i) => `${spec.userPrefix}i${i}`);
  const conns: LineConn[] = [];
  try {
    if (adapter.name === 'parley') await registerAll(host, port, names, spec.password);
    const probe = await LineConn.open(host, port);
    conns.push(probe);
    await adapter.login(probe, `${spec.userPrefix}probe`, spec.password, { receivesDirect: false });
    const pinger = new Pinger(probe, adapter, spec.probeIntervalMs);
    await waitUntilIdle(pid, 10_000);
    const rssBefore = rssBytes(pid);

    // Bounded in time: a server that slows down with every login (presence to everyone online) may
    // not reach the full count; the figures are then per connection actually logged in.
    const loginDeadline = performance.now() + spec.loginPhaseMs;
    let loggedIn = 0;
    await mapLimit(names, spec.loginConcurrency, async (name) => {
      if (performance.now() > loginDeadline) return;
      const conn = await LineConn.open(host, port, 30_000);
      conns.push(conn);
      // Parley accounts exist already (registerAll above): log in only.
      if (adapter.name === 'parley') await loginOnly(conn, name, spec.password);
      else await adapter.login(conn, name, spec.password, { receivesDirect: true });
      conn.stream(() => undefined); // presence pushes and the like: read and drop
      loggedIn++;
    });
    const loginSeconds = (performance.now() - (loginDeadline - spec.loginPhaseMs)) / 1000;
    await sleep(spec.settleMs);
    await waitUntilIdle(pid, 60_000);
    const rssAfter = rssBytes(pid);
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const cpu = new CpuMeter(pid);
    const genStart = process.cpuUsage();
    const wallStart = performance.now();
    signalStats(pid, spec.signalStats);
    cpu.start();
    pinger.start();
    await sleep(spec.probeMs);
    const lag = summarize(pinger.stop());
    signalStats(pid, spec.signalStats);
    const serverCpu = cpu.stop();
    const gen = process.cpuUsage(genStart);
    const wall = (performance.now() - wallStart) / 1e3;
    const alive = conns.filter((c) => !c.closed).length - 1;
    return {
      kind: 'idle',
      requested: spec.connections,
      loggedIn,
      loginSeconds,
      connections: alive,
      rssBeforeBytes: rssBefore,
      rssAfterBytes: rssAfter,
      rssPerConnectionBytes:
        rssBefore === undefined || rssAfter === undefined
          ? undefined
          : (rssAfter - rssBefore) / Math.max(1, loggedIn),
      lag,
      setupSeconds,
      cpuDuringProbe: { server: serverCpu, generator: ((gen.user + gen.system) / 1e6 / wall) * 100 },
    };
  } finally {
    for (const conn of conns) conn.close();
  }
}
