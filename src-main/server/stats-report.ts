/**
 * `--report-stats` (benchmarks): on SIGUSR2 the server prints one `stats {...}` line with the
 * event-loop delay since the previous report (monitorEventLoopDelay, in ms), its memory and its
 * presence counts, then starts a new interval. The benchmark signals before and after a phase and
 * reads what the server saw from inside, beside the ping lag it sees from outside.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { ChatServer } from './chat-server.js';

/** Fine enough to see a 10 ms stall; one timer wake-up per interval. */
const RESOLUTION_MS = 10;

export interface StatsReport {
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly connections: number;
  readonly online: number;
  readonly presence: ChatServer['presenceStats'];
}

export class StatsReporter {
  private readonly histogram: IntervalHistogram;

  constructor(private readonly server: ChatServer) {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
  }

  /** The figures since the last call (or since start), then a fresh interval. */
  take(): StatsReport {
    const ms = (ns: number): number => Math.round(ns / 1e4) / 100;
    const h = this.histogram;
    const memory = process.memoryUsage();
    const report: StatsReport = {
      eventLoopDelayMs: {
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        mean: ms(h.mean),
      },
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external + memory.arrayBuffers,
      connections: this.server.connectionCount,
      online: this.server.onlineCount,
      presence: { ...this.server.presenceStats },
    };
    h.reset();
    return report;
  }

  stop(): void {
    this.histogram.disable();
  }
}
