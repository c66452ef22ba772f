/**
 * `--report-stats` (benchmarks): on SIGUSR2 the server prints one `stats {...}` line with the
 * event-loop delay since the previous report (monitorEventLoopDelay, in ms), its memory and its
 * presence counts, then starts a new interval. The benchmark signals before and after a phase and
 * reads what the server saw from inside, beside the ping lag it sees from outside.
 */
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import type { ChatServer } from './chat-server.js';

/**
 * Fine enough to see a 10 ms stall; one timer wake-up per interval. The histogram records the time
 * between wake-ups, so the resolution is subtracted: 0 is a loop that was never late.
 */
const RESOLUTION_MS = 10;

export interface StatsReport {
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number; mean: number };
  /** Collector pauses in the interval: how many, the longest and their sum (ms). */
  readonly gc: { count: number; maxMs: number; totalMs: number };
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly externalBytes: number;
  readonly connections: number;
  readonly online: number;
  readonly presence: ChatServer['presenceStats'];
}

export class StatsReporter {
  private readonly histogram: IntervalHistogram;
  private readonly gcObserver: PerformanceObserver;
  private gc = { count: 0, maxMs: 0, totalMs: 0 };

  constructor(private readonly server: ChatServer) {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    this.histogram.enable();
    this.gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.gc.count++;
        this.gc.maxMs = Math.max(this.gc.maxMs, entry.duration);
        this.gc.totalMs += entry.duration;
      }
    });
    this.gcObserver.observe({ entryTypes: ['gc'] });
  }

  /** The figures since the last call (or since start), then a fresh interval. */
  take(): StatsReport {
    const ms = (ns: number): number => Math.max(0, Math.round(ns / 1e4) / 100 - RESOLUTION_MS);
    const round = (value: number): number => Math.round(value * 100) / 100;
    const h = this.histogram;
    const memory = process.memoryUsage();
    const report: StatsReport = {
      eventLoopDelayMs: {
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        mean: ms(h.mean),
      },
      gc: { count: this.gc.count, maxMs: round(this.gc.maxMs), totalMs: round(this.gc.totalMs) },
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      externalBytes: memory.external + memory.arrayBuffers,
      connections: this.server.connectionCount,
      online: this.server.onlineCount,
      presence: { ...this.server.presenceStats },
    };
    h.reset();
    this.gc = { count: 0, maxMs: 0, totalMs: 0 };
    return report;
  }

  stop(): void {
    this.histogram.disable();
    this.gcObserver.disconnect();
  }
}
