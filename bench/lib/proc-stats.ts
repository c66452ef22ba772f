/**
 * CPU time and resident memory of any process, read from /proc, so the benchmark measures the
 * server from the outside without hooks in it. Linux only; elsewhere the figures are undefined.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second for /proc/PID/stat (USER_HZ); 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds used so far by `pid`, or undefined if it can't be read. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; the fields after its ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Resident set size of `pid` in bytes (VmRSS), or undefined. */
export function rssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/**
 * Samples a process's CPU over an interval: start(), then stop() gives the share of one core.
 * With `alsoPids` (a cluster's other nodes and its Redis), their CPU is added in.
 */
export class CpuMeter {
  private startCpu: number | undefined;
  private startWall = 0;

  constructor(
    private readonly pid: number,
    private readonly alsoPids: readonly number[] = [],
  ) {}

  private read(): number | undefined {
    let total = 0;
    for (const pid of [this.pid, ...this.alsoPids]) {
      const cpu = cpuSeconds(pid);
      if (cpu === undefined) return undefined;
      total += cpu;
    }
    return total;
  }

  start(): void {
    this.startCpu = this.read();
    this.startWall = performance.now();
  }

  /** Percent of one core used since start(), or undefined when /proc could not be read. */
  stop(): number | undefined {
    const end = this.read();
    const wallSeconds = (performance.now() - this.startWall) / 1000;
    if (end === undefined || this.startCpu === undefined || wallSeconds <= 0) return undefined;
    return ((end - this.startCpu) / wallSeconds) * 100;
  }
}

/** The machine's CPU time so far (all cores, in ticks) and the part the hypervisor took away. */
export interface StealSample {
  readonly steal: number;
  readonly total: number;
}

export function stealSample(): StealSample | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal guest guest_nice
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    return { steal: ticks[7] ?? 0, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

/** Share of the machine's CPU time between two samples that went to other virtual machines, in %. */
export function stealPercent(
  before: StealSample | undefined,
  after: StealSample | undefined,
): number | undefined {
  if (before === undefined || after === undefined || after.total <= before.total) return undefined;
  return ((after.steal - before.steal) / (after.total - before.total)) * 100;
}
