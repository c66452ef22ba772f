/**
 * Received direct messages, protocol 1.1: handed to the consumer one at a time in the server's
 * order, acknowledged (one cumulative `[ack]` per event-loop turn) only after the consumer has
 * handled them, and redeliveries (a seq already handled in this process) dropped but acknowledged.
 *
 * Acks are cumulative, so a message that was not handled holds back the acks of everything after
 * it: the server sends them again at the next login, and those already handled are dropped then.
 */
import type { PushBody } from '../../src-shared/protocol/index.js';

export type DirectPush = PushBody<'message'>;

export interface DeliveryInboxOptions {
  /** Shows or saves the message; resolves true once handled, false when nobody took it. */
  readonly handle: (push: DirectPush) => boolean | Promise<boolean>;
  /** Sends `[ack] {"seq"}` on the current connection. */
  readonly sendAck: (seq: number) => Promise<void>;
  /** The connection frames now come from; acks for an earlier one are not sent. */
  readonly currentConnection: () => number;
  /** A message could not be handled (it will come again at the next login). */
  readonly onUnhandled: (push: DirectPush, error?: unknown) => void;
}

interface Item {
  readonly push: DirectPush;
  readonly connection: number;
}

export class DeliveryInbox {
  private user: string | undefined;
  /** Every seq up to this one is handled (or was acknowledged before this process saw it). */
  private handledUpTo = 0;
  /** Handled seqs above a gap left by a message that was not handled. */
  private readonly handledAbove = new Set<number>();
  private readonly queue: Item[] = [];
  private running = false;
  private ack = { connection: -1, seen: 0, sent: 0 };
  private flushScheduled = false;

  constructor(private readonly options: DeliveryInboxOptions) {}

  /** Starts a login as `user`: what was handled is kept only for the same user. */
  beginLogin(user: string): void {
    if (user === this.user) return;
    this.user = user;
    this.handledUpTo = 0;
    this.handledAbove.clear();
  }

  /** Takes a `[message]` push that arrived on `connection`. */
  receive(push: DirectPush, connection: number): void {
    this.queue.push({ push, connection });
    if (!this.running) this.drain();
  }

  /** Handles queued messages in order; a consumer that answers synchronously is called at once. */
  private drain(): void {
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      const pending = this.process(item);
      if (pending) {
        this.running = true;
        void pending.finally(() => {
          this.running = false;
          this.drain();
        });
        return;
      }
    }
  }

  private process(item: Item): Promise<void> | undefined {
    this.noteConnection(item.push.seq, item.connection);
    if (this.isHandled(item.push.seq)) {
      this.settle(item, true);
      return undefined;
    }
    let result: boolean | Promise<boolean>;
    try {
      result = this.options.handle(item.push);
    } catch (error) {
      this.settle(item, false, error);
      return undefined;
    }
    if (typeof result === 'boolean') {
      this.settle(item, result);
      return undefined;
    }
    return result.then(
      (handled) => this.settle(item, handled),
      (error: unknown) => this.settle(item, false, error),
    );
  }

  private settle({ push, connection }: Item, handled: boolean, error?: unknown): void {
    if (!handled) {
      this.options.onUnhandled(push, error);
      return;
    }
    this.markHandled(push.seq);
    if (connection === this.ack.connection) this.ack.seen = Math.max(this.ack.seen, push.seq);
    this.scheduleFlush();
  }

  /**
   * The server sends each connection's messages oldest unacknowledged first, so the first seq
   * on a connection says everything below it is acknowledged already.
   */
  private noteConnection(seq: number, connection: number): void {
    if (connection === this.ack.connection) return;
    this.ack = { connection, seen: 0, sent: seq - 1 };
    if (seq - 1 > this.handledUpTo) {
      this.handledUpTo = seq - 1;
      this.absorb();
    }
  }

  private isHandled(seq: number): boolean {
    return seq <= this.handledUpTo || this.handledAbove.has(seq);
  }

  private markHandled(seq: number): void {
    if (this.isHandled(seq)) return;
    if (seq === this.handledUpTo + 1) this.handledUpTo = seq;
    else this.handledAbove.add(seq);
    this.absorb();
  }

  private absorb(): void {
    while (this.handledAbove.delete(this.handledUpTo + 1)) this.handledUpTo += 1;
    for (const seq of this.handledAbove) if (seq <= this.handledUpTo) this.handledAbove.delete(seq);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /** Sends the pending ack now, e.g. right before a logout that would otherwise overtake it. */
  flushNow(): void {
    if (this.flushScheduled) this.flush();
  }

  /** One cumulative ack per turn: everything handled, up to the newest seq this connection sent. */
  private flush(): void {
    this.flushScheduled = false;
    const { connection, seen, sent } = this.ack;
    const upTo = Math.min(this.handledUpTo, seen);
    if (connection !== this.options.currentConnection() || upTo <= sent) return;
    this.ack.sent = upTo;
    // A lost connection loses the ack too: the server sends those messages again and they are dropped.
    this.options.sendAck(upTo).catch(() => undefined);
  }
}
