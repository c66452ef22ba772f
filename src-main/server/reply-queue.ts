/**
 * A connection's responses, in request order. A handler that cannot answer at once (a direct
 * message waits until it is safe) reserves a slot and fills it later; responses behind an empty
 * slot wait for it, while the requests behind it are still handled, so a sender can pipeline.
 */
export interface ReplySlot {
  /** Sets the response; the first call wins. */
  fill(frame: string): void;
}

class Slot implements ReplySlot {
  frame: string | undefined;

  constructor(private readonly queue: ReplyQueue) {}

  fill(frame: string): void {
    if (this.frame !== undefined) return;
    this.frame = frame;
    this.queue.release();
  }
}

export class ReplyQueue {
  private slots: Slot[] = [];
  /** Index of the first slot not yet written (the array is compacted now and then). */
  private head = 0;

  constructor(
    private readonly write: (frame: string) => void,
    private readonly drained: () => void,
  ) {}

  get empty(): boolean {
    return this.head === this.slots.length;
  }

  /** Number of responses reserved but not yet written. */
  get waiting(): number {
    return this.slots.length - this.head;
  }

  reply(frame: string): void {
    if (this.empty) {
      this.write(frame);
      return;
    }
    const slot = new Slot(this);
    slot.frame = frame;
    this.slots.push(slot);
  }

  reserve(): ReplySlot {
    const slot = new Slot(this);
    this.slots.push(slot);
    return slot;
  }

  /** @internal Writes every filled slot at the front of the queue. */
  release(): void {
    let slot = this.slots[this.head];
    if (slot?.frame === undefined) return;
    while (slot?.frame !== undefined) {
      this.write(slot.frame);
      this.head++;
      slot = this.slots[this.head];
    }
    if (this.head === this.slots.length) {
      this.slots = [];
      this.head = 0;
      this.drained();
    } else if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }
}
