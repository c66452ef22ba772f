/**
 * One logged-in recipient's window of direct messages in flight: pushed on its connection, not yet
 * acknowledged. The window is bounded by count and size; what does not fit waits in the store and
 * is read back, in seq order, as acks make room. Messages go out strictly by seq, so a cumulative
 * ack N covers exactly the messages this connection was sent up to N.
 */
import { encodeRoute } from '../../src-shared/protocol/index.js';
import type { Inbox, StoredItem } from '../store/inbox.js';
import { directItemFrame } from './direct-items.js';
import { settle, type Envelope } from './envelope.js';
import type { Session } from './session.js';
import type { TurnWriter } from './turn-writer.js';

export interface WindowLimits {
  /** Messages in flight per connection. */
  readonly messages: number;
  /** Their push frames' total length (characters); one message always fits an empty window. */
  readonly bytes: number;
}

export type AckResult = 'ok' | 'too-high';

/** Timer periods are at least this long: one firing serves every message whose hold ends in that span. */
const MIN_HOLD_TIMER_MS = 5;

export class Mailbox {
  /** Highest seq pushed on this connection. */
  private sentUpTo = 0;
  private ackedUpTo = 0;
  private readonly inFlight: Envelope[] = [];
  private inFlightBytes = 0;
  /**
   * True while the next message to push must come from the store (the login backlog, or messages
   * that found the window full): new messages then queue behind it in the store, keeping seq order.
   */
  private draining = true;
  /**
   * Ends the holds of this window's live pushes. The hold lives here, not in a server-wide queue, so
   * an acknowledged message is garbage at once instead of outliving its hold (a quarter of the
   * relay's CPU went to the collector copying held messages).
   */
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly username: string,
    readonly session: Session,
    private readonly limits: WindowLimits,
    private readonly inbox: Inbox,
    private readonly writer: TurnWriter,
    /** Messages up to this seq were sent before the login: they are pushed with `offline: true`. */
    private readonly backlog: { readonly offlineThrough: number },
    /** How long a live push may wait for its ack before it is written to the store. */
    private readonly holdMs: number,
  ) {}

  /** Takes a new message: pushed at once if the window has room and nothing waits before it. */
  offer(envelope: Envelope, frame: string): void {
    if (this.draining || !this.fits(frame.length)) {
      this.draining = true;
      this.writer.insert(envelope, true);
      return;
    }
    envelope.size = frame.length;
    envelope.holdUntil = performance.now() + this.holdMs;
    this.session.push(frame);
    this.track(envelope);
    if (this.holdTimer === undefined) this.armHold(this.holdMs);
  }

  /** Handles `[ack] {seq}`. */
  ack(seq: number): AckResult {
    if (seq > this.sentUpTo) return 'too-high';
    if (seq <= this.ackedUpTo) return 'ok';
    this.ackedUpTo = seq;
    let wasStored = false;
    const inFlight = this.inFlight;
    let done = 0;
    while (done < inFlight.length) {
      const envelope = inFlight[done] as Envelope;
      if (envelope.seq > seq) break;
      done++;
      this.inFlightBytes -= envelope.size;
      envelope.acked = true;
      if (envelope.stored || envelope.inBatch) wasStored = true;
      settle(envelope);
    }
    // One move for the whole cumulative ack (shift per message moved the window once per message).
    inFlight.copyWithin(0, done);
    inFlight.length -= done;
    if (wasStored) this.writer.deleteUpTo(this.username, seq);
    this.refill();
    return 'ok';
  }

  /** Pushes stored messages while the window has room. */
  refill(): void {
    if (!this.draining || this.session.closed) return;
    const room = this.limits.messages - this.inFlight.length;
    if (room <= 0) return;
    const page = this.inbox.page(this.username, this.sentUpTo, room);
    let pushed = 0;
    for (const message of page) {
      const frame = storedFrame(message, message.seq <= this.backlog.offlineThrough);
      if (!this.fits(frame.length)) break;
      this.session.push(frame);
      this.track(storedEnvelope(this.username, message, frame.length));
      pushed++;
    }
    if (pushed === page.length && page.length < room && !this.writer.hasUnsent(this.username)) {
      this.draining = false;
    }
  }

  /** The connection ended: what it was sent but did not acknowledge is stored for the next login. */
  detach(): void {
    this.stopHold();
    for (const envelope of this.inFlight) {
      if (!envelope.stored && !envelope.inBatch && !envelope.acked) this.writer.insert(envelope, false);
    }
    this.inFlight.length = 0;
    this.inFlightBytes = 0;
  }

  /**
   * A direct message is being deleted: if it is in flight here its text has been sent already, and
   * it must not be stored again when its hold ends or the connection drops.
   */
  forget(from: string, id: string): void {
    for (const envelope of this.inFlight) {
      if (envelope.id === id && envelope.from === from && envelope.route !== 'delete') {
        envelope.acked = true;
        settle(envelope);
      }
    }
  }

  /** Stops the hold timer (shutdown; the writer's last commit follows). */
  stopHold(): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private armHold(ms: number): void {
    this.holdTimer = setTimeout(() => this.expireHolds(), Math.max(ms, MIN_HOLD_TIMER_MS));
    this.holdTimer.unref();
  }

  /** Stores every live push whose hold has ended unacknowledged; pushes are in hold order. */
  private expireHolds(): void {
    this.holdTimer = undefined;
    const now = performance.now() + 2;
    for (const envelope of this.inFlight) {
      if (envelope.holdUntil > now) {
        this.armHold(envelope.holdUntil - performance.now());
        return;
      }
      if (!envelope.acked && !envelope.stored && !envelope.inBatch) this.writer.insert(envelope, false);
    }
  }

  private fits(size: number): boolean {
    if (this.inFlight.length === 0) return true;
    return this.inFlight.length < this.limits.messages && this.inFlightBytes + size <= this.limits.bytes;
  }

  private track(envelope: Envelope): void {
    this.inFlight.push(envelope);
    this.inFlightBytes += envelope.size;
    this.sentUpTo = envelope.seq;
  }
}

function storedFrame(item: StoredItem, offline: boolean): string {
  if (item.route === 'message' && item.extra === null) {
    const { id, seq, from, text, ts } = item;
    return encodeRoute(
      'message',
      offline ? { id, seq, from, text, ts, offline } : { id, seq, from, text, ts },
    );
  }
  return directItemFrame(item, offline);
}

function storedEnvelope(recipient: string, message: StoredItem, size: number): Envelope {
  return {
    recipient,
    ...message,
    reply: undefined,
    size,
    holdUntil: 0,
    delivered: true,
    slot: undefined,
    inBatch: false,
    stored: true,
    acked: false,
  };
}
