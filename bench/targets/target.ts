/** What every system under test looks like to the benchmark once started, whatever it is. */
import { connect } from 'node:net';
import type { ProtocolName } from '../adapters/adapter.js';
import { stopProcess, type Pinned } from '../lib/processes.js';

export type TargetName = 'parley' | 'floor' | 'ngircd' | 'redis' | 'redis-aof';

export interface RunningTarget {
  readonly name: TargetName;
  readonly protocol: ProtocolName;
  readonly host: string;
  readonly port: number;
  readonly pid: number;
  /** Whether clients must connect with TLS. */
  readonly tls: boolean;
  /** Last lines of the process's output, for reports when something goes wrong. */
  readonly tail: readonly string[];
  /** The `stats {...}` lines printed so far (Parley with --report-stats; empty otherwise). */
  readonly statsLines: readonly string[];
  /** SIGTERM (SIGKILL after a grace period) and remove any temporary files. */
  stop(): Promise<StopReport>;
}

export interface StopReport {
  readonly code: number | null;
  readonly signal: string | null;
  /** True when it had to be SIGKILLed after the grace period. */
  readonly killed: boolean;
}

export interface StartOptions {
  /** CPU core to pin the process to; undefined leaves it unpinned. */
  readonly core: number | undefined;
  /** Extra command-line flags (Parley only: --password-cost, --rate-limit...). */
  readonly flags?: readonly string[];
  /** Parley only: use (and keep) this data folder instead of a fresh temporary one. */
  readonly dataDir?: string;
  /** Parley and the floor: write a V8 CPU profile (node --cpu-prof) into this folder at exit. */
  readonly profileDir?: string;
  /** Parley and ngircd: speak TLS (a self-signed certificate). */
  readonly tls?: boolean;
}

export interface TargetStarter {
  readonly name: TargetName;
  /** Undefined when it can run here, otherwise why not (e.g. "not installed"). */
  unavailable(): string | undefined;
  start(options: StartOptions): Promise<RunningTarget>;
}

/** Polls until `host:port` accepts a TCP connection (for peers that print no ready line). */
export async function waitForPort(host: string, port: number, timeoutMs: number, p: Pinned): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(`exited before listening; last output:\n${p.tail.join('\n')}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`no listener on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function makeRunning(
  name: TargetName,
  protocol: ProtocolName,
  host: string,
  port: number,
  p: Pinned,
  cleanup: () => void = () => undefined,
  stopGraceMs = 5_000,
  tls = false,
): RunningTarget {
  return {
    name,
    protocol,
    host,
    port,
    tls,
    pid: p.pid,
    tail: p.tail,
    statsLines: p.stats,
    async stop() {
      const report = await stopProcess(p, stopGraceMs);
      cleanup();
      return report;
    },
  };
}
