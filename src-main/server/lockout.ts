/** Three consecutive wrong passwords lock a username for the block duration. */
export const MAX_CONSECUTIVE_FAILURES = 3;

interface FailureRecord {
  failures: number;
  lockedUntil: number;
}

export class Lockout {
  private readonly records = new Map<string, FailureRecord>();

  constructor(private readonly blockDurationMs: number) {}

  isLocked(username: string, now: number): boolean {
    const record = this.records.get(username);
    if (!record || record.lockedUntil === 0) return false;
    if (now < record.lockedUntil) return true;
    this.records.delete(username);
    return false;
  }

  /** Counts a wrong password; returns true when this failure locked the name. */
  recordFailure(username: string, now: number): boolean {
    const record = this.records.get(username) ?? { failures: 0, lockedUntil: 0 };
    record.failures++;
    if (record.failures >= MAX_CONSECUTIVE_FAILURES) record.lockedUntil = now + this.blockDurationMs;
    this.records.set(username, record);
    return record.lockedUntil > 0;
  }

  recordSuccess(username: string): void {
    this.records.delete(username);
  }

  /** Forgets expired locks so the map does not grow with every name ever mistyped. */
  sweep(now: number): void {
    for (const [name, record] of this.records) {
      if (record.lockedUntil !== 0 && record.lockedUntil <= now) this.records.delete(name);
    }
  }
}
