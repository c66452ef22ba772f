/** Unread messages per conversation key for the logged-in user; every change is reported. */
export interface UnreadReport {
  counts: Record<string, number>;
  total: number;
}

export class UnreadCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly onChange: (report: UnreadReport) => void) {}

  of(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  bump(key: string): void {
    this.counts.set(key, this.of(key) + 1);
    this.report();
  }

  markRead(key: string): void {
    if (this.counts.delete(key)) this.report();
  }

  /** Another user logged in: nothing of the last one's is unread for them. */
  clear(): void {
    if (this.counts.size === 0) return;
    this.counts.clear();
    this.report();
  }

  private report(): void {
    this.onChange(this.current());
  }

  current(): UnreadReport {
    const counts = Object.fromEntries(this.counts);
    let total = 0;
    for (const n of this.counts.values()) total += n;
    return { counts, total };
  }
}
