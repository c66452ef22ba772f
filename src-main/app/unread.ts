/**
 * Unread messages per conversation key for the user whose history is shown, kept in local
 * history so they survive a restart. Changes are reported once per event-loop turn, with the
 * counts as they are then: a backlog of thousands of messages is not thousands of reports.
 */
export interface UnreadReport {
  counts: Record<string, number>;
  total: number;
  /** Of those, the ones that mention this user, per key (only keys above 0). */
  mentions?: Record<string, number>;
}

export interface UnreadStore {
  unreadCounts(owner: string): Map<string, number>;
  setUnread(owner: string, key: string, count: number): void;
}

export class UnreadCounts {
  private owner: string | undefined;
  private counts = new Map<string, number>();
  private reportScheduled = false;

  constructor(
    private readonly store: UnreadStore,
    private readonly onChange: (report: UnreadReport) => void,
  ) {}

  /** Shows `owner`'s counts (undefined: nobody's). */
  switchTo(owner: string | undefined): void {
    if (owner === this.owner) return;
    const had = this.counts.size > 0;
    this.owner = owner;
    this.counts = owner === undefined ? new Map<string, number>() : this.store.unreadCounts(owner);
    if (had || this.counts.size > 0) this.report();
  }

  of(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  bump(key: string): void {
    this.set(key, this.of(key) + 1);
  }

  markRead(key: string): void {
    if (this.counts.has(key)) this.set(key, 0);
  }

  current(): UnreadReport {
    const counts = Object.fromEntries(this.counts);
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return { counts, total };
  }

  private set(key: string, count: number): void {
    if (count > 0) this.counts.set(key, count);
    else this.counts.delete(key);
    if (this.owner !== undefined) this.store.setUnread(this.owner, key, count);
    this.report();
  }

  private report(): void {
    if (this.reportScheduled) return;
    this.reportScheduled = true;
    setImmediate(() => {
      this.reportScheduled = false;
      this.onChange(this.current());
    });
  }
}
