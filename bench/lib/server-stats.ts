/**
 * What a Parley server run with --report-stats saw of a measured phase: the generator signals it
 * (SIGUSR2) at the phase's start and end, and each signal prints one `stats {...}` line.
 */
import type { RunningTarget } from '../targets/target.js';

export interface ServerStats {
  readonly eventLoopDelayMs: {
    readonly p50: number;
    readonly p99: number;
    readonly max: number;
    readonly mean: number;
  };
  readonly gc?: { readonly count: number; readonly maxMs: number; readonly totalMs: number };
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly connections: number;
  readonly online: number;
  readonly presence?: Readonly<Record<string, number>>;
}

/** Sends SIGUSR2 to `pid` (the generator's side). */
export function signalStats(pid: number, enabled: boolean | undefined): void {
  if (!enabled) return;
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    // gone: the run reports the failure elsewhere
  }
}

/**
 * The stats line of the phase: the second line printed after `before` lines (the first closes the
 * interval before the phase). Waits a little for it to come through the pipe; undefined if it does not.
 */
export async function phaseStats(target: RunningTarget, before: number): Promise<ServerStats | undefined> {
  const deadline = performance.now() + 5_000;
  while (target.statsLines.length < before + 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const line = target.statsLines[before + 1];
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice('stats '.length)) as ServerStats;
  } catch {
    return undefined;
  }
}
