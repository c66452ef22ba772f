/**
 * The live signals around a conversation (protocol 1.2), paced as the spec asks: read receipts at
 * most one per conversation per second (the newest position wins, sent when the second is up),
 * typing repeated at most every 3 s while the user types and `false` once when they stop, and
 * others' typing expiring 6 s after their last `true`.
 */

/** Keyed per conversation (its string form). */
export class ReceiptSender<T> {
  private readonly last = new Map<string, number>();
  private readonly pending = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  constructor(
    private readonly send: (key: string, upTo: T) => Promise<void>,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Sends now, or when this conversation's second is up (the newest `upTo` then). */
  submit(key: string, upTo: T): void {
    const waiting = this.pending.get(key);
    if (waiting) {
      waiting.value = upTo;
      return;
    }
    const wait = (this.last.get(key) ?? -Infinity) + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire(key, upTo);
      return;
    }
    const timer = setTimeout(() => {
      const entry = this.pending.get(key);
      this.pending.delete(key);
      if (entry) this.fire(key, entry.value);
    }, wait);
    timer.unref();
    this.pending.set(key, { value: upTo, timer });
  }

  /** Forgets what waits (a logout, receipts switched off). */
  clear(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.last.clear();
  }

  private fire(key: string, upTo: T): void {
    this.last.set(key, this.now());
    this.send(key, upTo).catch(() => undefined);
  }
}

export class TypingSender {
  /** When a `true` last went, per conversation; absent: the other side believes we don't type. */
  private readonly active = new Map<string, number>();

  constructor(
    private readonly send: (key: string, active: boolean) => Promise<void>,
    private readonly repeatMs = 3000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call on every keystroke (`true`) and when the user stops or sends (`false`). */
  async set(key: string, isActive: boolean): Promise<void> {
    const sentAt = this.active.get(key);
    if (!isActive) {
      if (sentAt === undefined) return;
      this.active.delete(key);
      await this.send(key, false);
      return;
    }
    if (sentAt !== undefined && this.now() - sentAt < this.repeatMs) return;
    this.active.set(key, this.now());
    await this.send(key, true);
  }

  clear(): void {
    this.active.clear();
  }
}

/** Others' typing: each `true` lasts 6 s unless repeated; `onChange` hears the start and the end. */
export class TypingExpiry {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly onChange: (key: string, from: string, active: boolean) => void,
    private readonly expireMs = 6000,
  ) {}

  apply(key: string, from: string, active: boolean): void {
    const id = `${key}\n${from}`;
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    if (active) {
      const next = setTimeout(() => {
        this.timers.delete(id);
        this.onChange(key, from, false);
      }, this.expireMs);
      next.unref();
      this.timers.set(id, next);
    }
    // A repeat of a `true` changes nothing the UI shows; the first and the end do.
    if (!active || !timer) this.onChange(key, from, active);
  }

  /** Everyone stops typing (the connection went). */
  clear(): void {
    for (const [id, timer] of this.timers) {
      clearTimeout(timer);
      const [key, from] = id.split('\n') as [string, string];
      this.onChange(key, from, false);
    }
    this.timers.clear();
  }
}
