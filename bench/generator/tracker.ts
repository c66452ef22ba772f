/**
 * Checks every stream (one sender to one receiver) for lost, duplicated and reordered messages
 * by sequence number, in O(1) per message while the stream is in order: only gaps are remembered.
 */
export interface Integrity {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  reordered: number;
}

export class StreamTracker {
  /** Next sequence number expected (everything below was seen or is in `missing`). */
  private next = 0;
  private missing: Set<number> | undefined;
  received = 0;
  duplicated = 0;
  reordered = 0;

  /** Records one arrival; returns false when it was a duplicate. */
  arrive(seq: number): boolean {
    if (seq === this.next) {
      this.next++;
      this.received++;
      return true;
    }
    if (seq > this.next) {
      this.missing ??= new Set();
      for (let s = this.next; s < seq; s++) this.missing.add(s);
      this.next = seq + 1;
      this.received++;
      return true;
    }
    if (this.missing?.delete(seq) === true) {
      this.reordered++;
      this.received++;
      return true;
    }
    this.duplicated++;
    return false;
  }

  /** Messages sent on this stream that never arrived. */
  lost(sent: number): number {
    return (this.missing?.size ?? 0) + Math.max(0, sent - this.next);
  }
}

export function emptyIntegrity(): Integrity {
  return { sent: 0, received: 0, lost: 0, duplicated: 0, reordered: 0 };
}

export function addStream(total: Integrity, tracker: StreamTracker, sent: number): void {
  total.sent += sent;
  total.received += tracker.received;
  total.lost += tracker.lost(sent);
  total.duplicated += tracker.duplicated;
  total.reordered += tracker.reordered;
}
