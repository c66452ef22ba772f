/**
 * Three consecutive wrong passwords lock a username for the block duration; the server's
 * administrator can lock and unlock a name too. Locks are written through to the store, so a
 * restart keeps them; the count of failures toward a lock lives in memory only.
 */
export const MAX_CONSECUTIVE_FAILURES = 3;

/** Where locks are kept (the store's `lockouts` table). */
export interface LockStore {
  set(username: string, lockedUntil: number): void;
  delete(username: string): void;
  /** Locks that have not ended by `now`. */
  active(now: number): Map<string, number>;
}

export class Lockout {
  private readonly failures = new Map<string, number>();
  private readonly locks: Map<string, number>;

  constructor(
    private readonly blockDurationMs: number,
    private readonly store?: LockStore,
    now = Date.now(),
  ) {
    this.locks = store?.active(now) ?? new Map<string, number>();
  }

  isLocked(username: string, now: number): boolean {
    return this.lockedUntil(username, now) !== undefined;
  }

  /** When the name's lock ends (ms), or undefined when it is not locked. */
  lockedUntil(username: string, now: number): number | undefined {
    const until = this.locks.get(username);
    if (until === undefined) return undefined;
    if (now < until) return until;
    this.end(username);
    return undefined;
  }

  /** Counts a wrong password; returns true when the name is locked now (by this failure or before). */
  recordFailure(username: string, now: number): boolean {
    if (this.isLocked(username, now)) return true;
    const failures = (this.failures.get(username) ?? 0) + 1;
    if (failures < MAX_CONSECUTIVE_FAILURES) {
      this.failures.set(username, failures);
      return false;
    }
    this.lock(username, now + this.blockDurationMs);
    return true;
  }

  recordSuccess(username: string): void {
    this.failures.delete(username);
  }

  /** Locks the name until `lockedUntil` (ms), replacing any lock it had. */
  lock(username: string, lockedUntil: number): void {
    this.failures.delete(username);
    this.locks.set(username, lockedUntil);
    this.store?.set(username, lockedUntil);
  }

  /** Ends the name's lock and forgets its failures; returns whether it was locked. */
  unlock(username: string, now: number): boolean {
    const wasLocked = this.isLocked(username, now);
    this.end(username);
    return wasLocked;
  }

  /** Forgets expired locks so the maps do not grow with every name ever mistyped. */
  sweep(now: number): void {
    for (const [name, until] of this.locks) if (until <= now) this.end(name);
  }

  private end(username: string): void {
    this.failures.delete(username);
    if (this.locks.delete(username)) this.store?.delete(username);
  }
}
