/** Rate and connection limits: each one a clear error for the client, never a crash. */

/** Requests per second per connection; bursts of up to twice the rate pass. */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  /** Requests refused since the last one that was let through. */
  private refusedInARow = 0;

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = perSecond * 2;
    this.refilledAt = now;
  }

  take(now: number): boolean {
    if (this.perSecond <= 0) return true;
    const elapsed = now - this.refilledAt;
    if (elapsed > 0) {
      this.tokens = Math.min(this.perSecond * 2, this.tokens + (elapsed * this.perSecond) / 1000);
      this.refilledAt = now;
    }
    if (this.tokens < 1) {
      this.refusedInARow++;
      return false;
    }
    this.refusedInARow = 0;
    this.tokens -= 1;
    return true;
  }

  /**
   * How long to stop reading from a client that was just refused: until it has earned back as many
   * requests as it was refused in a row, at most a full burst. A client that ignores 429s then waits
   * in its own socket buffers instead of costing the server a refusal per request, and one that
   * only brushed the limit waits for a single token.
   */
  holdOffMs(): number {
    if (this.perSecond <= 0 || this.refusedInARow === 0) return 0;
    const wanted = Math.min(this.refusedInARow, this.perSecond * 2);
    return Math.max(0, Math.ceil(((wanted - this.tokens) * 1000) / this.perSecond));
  }
}

/** Counts live connections per remote address. */
export class AddressCounter {
  private readonly counts = new Map<string, number>();

  count(address: string): number {
    return this.counts.get(address) ?? 0;
  }

  add(address: string): void {
    this.counts.set(address, this.count(address) + 1);
  }

  remove(address: string): void {
    const left = this.count(address) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }
}

/**
 * Events per remote address in a sliding minute (failed logins, registrations), checked before any
 * hashing so that one client can't make the server burn CPU on scrypt.
 */
export class PerAddressWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  isThrottled(address: string, now: number): boolean {
    if (this.perMinute <= 0) return false;
    return this.recent(address, now).length >= this.perMinute;
  }

  record(address: string, now: number): void {
    if (this.perMinute <= 0) return;
    const times = this.recent(address, now);
    times.push(now);
    this.failures.set(address, times);
  }

  sweep(now: number): void {
    for (const address of this.failures.keys()) {
      if (this.recent(address, now).length === 0) this.failures.delete(address);
    }
  }

  private recent(address: string, now: number): number[] {
    const times = this.failures.get(address) ?? [];
    let firstRecent = 0;
    while (firstRecent < times.length && (times[firstRecent] ?? 0) <= now - 60_000) firstRecent++;
    if (firstRecent > 0) times.splice(0, firstRecent);
    return times;
  }
}
