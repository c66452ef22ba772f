/**
 * Latency histograms (HdrHistogram, microseconds, 3 significant digits) and their summary.
 * `corrected` measures from the time a message was scheduled to be sent, which is how an
 * open-loop, fixed-rate generator avoids coordinated omission: a send that runs late still counts
 * its delay. `raw` measures from the time it was actually written to the socket.
 */
import { build, type Histogram } from 'hdr-histogram-js';

export interface LatencySummary {
  /** Milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
}

export function newHistogram(): Histogram {
  return build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
  });
}

export function recordUs(h: Histogram, us: number): void {
  h.recordValue(us < 1 ? 1 : us > 3_600_000_000 ? 3_600_000_000 : us);
}

export function summarize(h: Histogram): LatencySummary {
  const ms = (us: number): number => Math.round(us) / 1000;
  return {
    p50: ms(h.getValueAtPercentile(50)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
    mean: ms(h.mean),
    count: h.totalCount,
  };
}
