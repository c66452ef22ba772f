/**
 * Hands out each recipient's seqs (1, 2, 3, ...). A seq must never be reused, even after kill -9,
 * or a client that already has it would drop the new message as a duplicate; writing a counter per
 * message would cost a write each. So seqs are reserved in blocks: the store records the top of the
 * block before any of it is handed out, and a restarted server continues above it (skipping the
 * rest of the block, which only leaves a gap).
 */
import type { Inbox } from '../store/inbox.js';

export const SEQ_BLOCK = 1024;

interface Mark {
  next: number;
  reserved: number;
}

export class SeqAllocator {
  private readonly marks = new Map<string, Mark>();

  constructor(private readonly inbox: Inbox) {}

  /** At least the highest seq handed out for the user so far (0 for none). */
  highest(username: string): number {
    const mark = this.marks.get(username);
    return mark ? mark.next - 1 : this.inbox.reservedSeq(username);
  }

  next(username: string): number {
    let mark = this.marks.get(username);
    if (mark === undefined) {
      const reserved = this.inbox.reservedSeq(username);
      mark = { next: reserved + 1, reserved };
      this.marks.set(username, mark);
    }
    if (mark.next > mark.reserved) {
      const reserved = mark.next - 1 + SEQ_BLOCK;
      this.inbox.reserveSeqUpTo(username, reserved);
      mark.reserved = reserved;
    }
    return mark.next++;
  }
}
