/**
 * Event-loop lag seen from outside: one idle connection sends a ping every `intervalMs`, one at a
 * time, and records the round trip. A reply that comes late delays the next ping, so the
 * histogram back-fills the pings that were never sent (HdrHistogram's expected-interval correction).
 */
import type { Histogram } from 'hdr-histogram-js';
import { LineKind, type Adapter } from '../adapters/adapter.js';
import type { LineConn } from './line-conn.js';
import { newHistogram } from './latency.js';

export class Pinger {
  readonly histogram: Histogram = newHistogram();
  private timer: NodeJS.Timeout | undefined;
  private sentAt = 0;
  private waiting = false;
  private running = false;

  constructor(
    private readonly conn: LineConn,
    private readonly adapter: Adapter,
    private readonly intervalMs: number,
  ) {
    conn.stream((buf, start, end) => {
      const kind = adapter.classify(buf, start, end);
      if (kind === LineKind.Ok && this.waiting) this.onPong();
      else if (kind === LineKind.ServerPing) conn.write(adapter.pong(buf.toString('utf8', start, end)));
    });
  }

  start(): void {
    this.running = true;
    this.send();
  }

  /** Stops probing; an unanswered ping is recorded as lasting until now. */
  stop(): Histogram {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.waiting) this.record(performance.now() - this.sentAt);
    this.waiting = false;
    return this.histogram;
  }

  private send(): void {
    if (!this.running) return;
    this.sentAt = performance.now();
    this.waiting = true;
    this.conn.write(this.adapter.ping);
  }

  private onPong(): void {
    const rtt = performance.now() - this.sentAt;
    this.waiting = false;
    this.record(rtt);
    if (this.running) this.timer = setTimeout(() => this.send(), Math.max(0, this.intervalMs - rtt));
  }

  private record(rttMs: number): void {
    const us = Math.max(1, Math.round(rttMs * 1000));
    this.histogram.recordValueWithExpectedInterval(us, this.intervalMs * 1000);
  }
}
