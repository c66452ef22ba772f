/**
 * Received direct messages, protocol 1.1: shown in the server's order, acknowledged (one
 * cumulative `[ack]` per event-loop turn) only after the consumer has handled them, and
 * redeliveries (a seq already handled in this process) dropped but acknowledged.
 *
 * Handling has two steps. `save` runs as soon as a message arrives, without waiting for the ones
 * before it, so a consumer that saves can put a whole backlog window in one commit; `show` runs in
 * arrival order once its `save` resolved. A redelivery of a message still being saved waits for it.
 *
 * Seqs grow but may skip numbers (a server reserves them in blocks). Acks are cumulative, so a
 * message that was not handled stops the acks of its connection: the server sends it and what
 * follows again at the next login, and those already handled are dropped then.
 */
import type { PushBody } from '../../src-shared/protocol/index.js';

export type DirectPush = PushBody<'message'>;

export interface DeliveryInboxOptions {
  /**
   * Keeps the message (e.g. saves it); may run for several at once. True: go on to `show`; false:
   * it was known already (handled, nothing to show). A throw or rejection leaves it unhandled.
   */
  readonly save: (push: DirectPush) => boolean | Promise<boolean>;
  /** Shows a saved message, in arrival order; false when nobody took it. */
  readonly show: (push: DirectPush) => boolean;
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
  /** A direct-stream item this client does not keep (1.2): acknowledged in turn, never saved or shown. */
  readonly passing?: true;
}

/** What `save` said: show it, known already (handled), or failed. */
type Saved = { readonly show: boolean } | { readonly failed: true; readonly error?: unknown };

export class DeliveryInbox {
  private user: string | undefined;
  /** Every seq up to this one is handled or acknowledged: the server won't send it again. */
  private floor = 0;
  /** Seqs above the floor this process handled, for dropping their redeliveries. */
  private readonly handled = new Set<number>();
  /** Seqs whose `save` has started and that are not settled yet. */
  private readonly inFlight = new Set<number>();
  /** Held back behind a redelivery of a message still in flight (and everything after it). */
  private readonly waiting: Item[] = [];
  /** The settling of the last message whose save is pending; later ones settle after it. */
  private settling: Promise<void> | undefined;
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
    const item = { push, connection };
    if (this.waiting.length > 0 || this.inFlight.has(push.seq)) this.waiting.push(item);
    else this.begin(item);
  }

  /**
   * Takes an item of the direct stream other than a message (protocol 1.2: an edit, delete,
   * reaction or read receipt) that nothing here keeps yet: it is acknowledged in its turn with the
   * messages around it, so a run of them never fills the server's window and holds messages back.
   */
  receivePassing(seq: number, connection: number): void {
    const item: Item = { push: { id: '', seq, from: '', text: '', ts: 0 }, connection, passing: true };
    if (this.waiting.length > 0 || this.inFlight.has(seq)) this.waiting.push(item);
    else this.begin(item);
  }

  private begin(item: Item): void {
    const saved = this.save(item);
    if (this.settling === undefined && !(saved instanceof Promise)) {
      this.settle(item, saved);
      return;
    }
    const previous = this.settling ?? Promise.resolve();
    const settle = async (): Promise<void> => this.settle(item, await saved);
    // A listener that threw while an earlier message settled must not keep this one unsettled.
    const settled = previous.then(settle, settle);
    this.settling = settled;
    void settled.finally(() => {
      if (this.settling === settled) this.settling = undefined;
    });
  }

  private save(item: Item): Saved | Promise<Saved> {
    const { seq } = item.push;
    this.noteConnection(seq, item.connection);
    if (this.isHandled(seq) || item.passing) return { show: false };
    this.inFlight.add(seq);
    let result: boolean | Promise<boolean>;
    try {
      result = this.options.save(item.push);
    } catch (error) {
      return { failed: true, error };
    }
    if (typeof result === 'boolean') return { show: result };
    return Promise.resolve(result).then(
      (show): Saved => ({ show }),
      (error: unknown): Saved => ({ failed: true, error }),
    );
  }

  /** The saved message's outcome, in arrival order; then what waited behind it may begin. */
  private settle(item: Item, saved: Saved): void {
    this.inFlight.delete(item.push.seq);
    let handled = true;
    let error: unknown;
    if ('failed' in saved) {
      handled = false;
      error = saved.error;
    } else if (saved.show) {
      try {
        handled = this.options.show(item.push);
      } catch (thrown) {
        handled = false;
        error = thrown;
      }
    }
    try {
      this.conclude(item, handled, error);
    } finally {
      for (let next = this.waiting[0]; next && !this.inFlight.has(next.push.seq); next = this.waiting[0]) {
        this.waiting.shift();
        this.begin(next);
      }
    }
  }

  private conclude({ push, connection }: Item, handled: boolean, error?: unknown): void {
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
