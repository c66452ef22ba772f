/**
 * Received direct messages, protocol 1.1: handed to the consumer one at a time in the server's
 * order, acknowledged (one cumulative `[ack]` per event-loop turn) only after the consumer has
 * handled them, and redeliveries (a seq already handled in this process) dropped but acknowledged.
 *
 * Seqs grow but may skip numbers (a server reserves them in blocks). Acks are cumulative, so a
 * message that was not handled stops the acks of its connection: the server sends it and what
 * follows again at the next login, and those already handled are dropped then.
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
  /** Every seq up to this one is handled or acknowledged: the server won't send it again. */
  private floor = 0;
  /** Seqs above the floor this process handled, for dropping their redeliveries. */
  private readonly handled = new Set<number>();
  private readonly queue: Item[] = [];
  private running = false;
  /** The connection acks go on: the highest seq it may acknowledge, what it did, and whether a
   *  message on it was not handled (then nothing after it may be acknowledged). */
  private ack = { connection: -1, upTo: 0, sent: 0, stalled: false };
  private flushScheduled = false;

  constructor(private readonly options: DeliveryInboxOptions) {}

  /** Starts a login as `user`: what was handled is kept only for the same user. */
  beginLogin(user: string): void {
    if (user === this.user) return;
    this.user = user;
    this.floor = 0;
    this.handled.clear();
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
    const current = connection === this.ack.connection;
    if (!handled) {
      if (current) this.ack.stalled = true;
      this.options.onUnhandled(push, error);
      return;
    }
    if (push.seq > this.floor) this.handled.add(push.seq);
    if (!current || this.ack.stalled) return;
    this.ack.upTo = Math.max(this.ack.upTo, push.seq);
    this.scheduleFlush();
  }

  /**
   * The server sends each connection's messages oldest unacknowledged first, so the first seq
   * on a connection says everything below it is acknowledged already.
   */
  private noteConnection(seq: number, connection: number): void {
    if (connection === this.ack.connection) return;
    this.ack = { connection, upTo: seq - 1, sent: seq - 1, stalled: false };
    this.raiseFloor(seq - 1);
  }

  private isHandled(seq: number): boolean {
    return seq <= this.floor || this.handled.has(seq);
  }

  private raiseFloor(seq: number): void {
    if (seq <= this.floor) return;
    this.floor = seq;
    for (const known of this.handled) if (known <= seq) this.handled.delete(known);
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

  /** One cumulative ack per turn: everything handled on this connection so far. */
  private flush(): void {
    this.flushScheduled = false;
    const { connection, upTo, sent } = this.ack;
    if (connection !== this.options.currentConnection() || upTo <= sent) return;
    this.ack.sent = upTo;
    this.raiseFloor(upTo);
    // A lost connection loses the ack too: the server sends those messages again and they are dropped.
    this.options.sendAck(upTo).catch(() => undefined);
  }
}
