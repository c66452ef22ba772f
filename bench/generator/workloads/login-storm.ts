/**
 * Login storm (Parley): accounts and a few logged-in observers first, then every storm connection
 * sends its login at the same moment. Logins per second, each login's latency, and the round trips
 * of the observers' pings meanwhile (password hashing must not block the event loop).
 */
import { loginFrame, nextResponse, parleyAdapter, registerAndLogin } from '../../adapters/parley.js';
import { CpuMeter } from '../../lib/proc-stats.js';
import { signalStats } from '../../lib/server-stats.js';
import { LineConn } from '../line-conn.js';
import { newHistogram, recordUs, summarize } from '../latency.js';
import { Pinger } from '../pinger.js';
import { mapLimit } from '../pool.js';
import { registerAll } from '../register.js';
import type { LoginStormResult, LoginStormSpec } from '../spec.js';

export function observerNames(spec: { userPrefix: string; observers: number }): string[] {
  return Array.from({ length: spec.observers }, (_, i) => `${spec.userPrefix}obs${i}`);
}

export async function runLoginStorm(spec: LoginStormSpec): Promise<LoginStormResult> {
  const { host, port, pid } = spec.target;
  const nodes = [spec.target, ...(spec.nodes ?? [])];
  const names = Array.from({ length: spec.logins }, (_, i) => `${spec.userPrefix}l${i}`);
  const conns: LineConn[] = [];
  try {
    const registerStart = performance.now();
    if (spec.register) await registerAll(host, port, [...names, ...observerNames(spec)], spec.password, 8, 4);
    const registerSeconds = (performance.now() - registerStart) / 1000;

    const pingers = await mapLimit(
      Array.from({ length: spec.observers }, (_, i) => i),
      8,
      async (i) => {
        const conn = await LineConn.open(host, port);
        conns.push(conn);
        await registerAndLogin(conn, observerNames(spec)[i]!, spec.password);
        return new Pinger(conn, parleyAdapter, spec.probeIntervalMs);
      },
    );
    const storm = await mapLimit(names, 100, async (_name, i) => {
      const node = nodes[i % nodes.length]!;
      const conn = await LineConn.open(node.host, node.port);
      conns.push(conn);
      return conn;
    });

    const loginLatency = newHistogram();
    const failures: string[] = [];
    let succeeded = 0;
    let last = 0;
    const cpu = new CpuMeter(pid, [...(spec.nodes ?? []).map((node) => node.pid), ...(spec.alsoPids ?? [])]);
    const genStart = process.cpuUsage();
    signalStats(pid, spec.signalStats);
    cpu.start();
    for (const p of pingers) p.start();
    const t0 = performance.now();
    const timeout = spec.timeoutMs;
    await Promise.all(
      storm.map(async (conn, i) => {
        const name = names[i]!;
        const sentAt = performance.now();
        conn.write(loginFrame(name, spec.password));
        try {
          const reply = await nextResponse(conn, timeout, `the reply to login ${name}`);
          const at = performance.now();
          recordUs(loginLatency, Math.round((at - sentAt) * 1000));
          if (reply.startsWith('[200]')) {
            succeeded++;
            last = Math.max(last, at);
          } else if (failures.length < 5) failures.push(`${name}: ${reply}`);
        } catch (error) {
          if (failures.length < 5) failures.push(`${name}: ${(error as Error).message}`);
        }
      }),
    );
    const lag = newHistogram();
    for (const p of pingers) lag.add(p.stop());
    signalStats(pid, spec.signalStats);
    const serverCpu = cpu.stop();
    const gen = process.cpuUsage(genStart);
    const seconds = ((last > 0 ? last : performance.now()) - t0) / 1000;
    return {
      kind: 'login-storm',
      attempted: names.length,
      succeeded,
      failures,
      seconds,
      loginsPerSecond: seconds > 0 ? succeeded / seconds : 0,
      lag: summarize(lag),
      loginLatency: summarize(loginLatency),
      registerSeconds,
      cpu: { server: serverCpu, generator: ((gen.user + gen.system) / 1e6 / seconds) * 100 },
    };
  } finally {
    for (const conn of conns) conn.close();
  }
}
