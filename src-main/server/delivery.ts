/**
 * Direct-message delivery (protocol 1.1, "Delivery"): seqs, the recipients' windows, the hold, and
 * the per-turn store writes. A message is the server's from the sender's 200 until the recipient's
 * ack, and the 200 is sent only once the message is safe: acknowledged, or committed. A message an
 * online recipient acknowledges within the hold is never written at all; the rest is written by
 * the TurnWriter, one transaction per event-loop turn.
 */
import { encodeRoute } from '../../src-shared/protocol/index.js';
import type { ChatStore } from '../store/chat-store.js';
import { directItemFrame } from './direct-items.js';
import type { Envelope } from './envelope.js';
import { Mailbox, type AckResult, type WindowLimits } from './mailbox.js';
import type { ReplySlot } from './reply-queue.js';
import { SeqAllocator } from './seq-allocator.js';
import type { LoggedInSession, Session } from './session.js';
import { TurnWriter, type TurnOp } from './turn-writer.js';

/** A direct-stream item other than a plain message: its route, own fields, and the sender's 200. */
export interface ItemKind {
  readonly route: string;
  readonly extra: string | undefined;
  readonly reply: string | undefined;
}

export interface DeliveryOptions {
  /** How long a pushed message may wait for its ack before it is written to the store. */
  readonly holdMs: number;
  readonly window: WindowLimits;
}

export class Delivery {
  private readonly seqs: SeqAllocator;
  private readonly writer: TurnWriter;
  private readonly boxes = new Map<string, Mailbox>();

  constructor(
    private readonly store: ChatStore,
    private readonly options: DeliveryOptions,
    onError: (error: unknown) => void,
  ) {
    this.seqs = new SeqAllocator(store.inbox);
    this.writer = new TurnWriter(store, {
      committed: (recipients) => {
        for (const name of recipients) this.boxes.get(name)?.refill();
      },
      failed: onError,
    });
  }

  /**
   * Sends a direct message; the sender's response is reserved here and gets its 200 once the message
   * is safe. `textJson` is the text already encoded as JSON, when the fast path has it.
   */
  send(
    sender: { reserveReply(): ReplySlot },
    message: { id: string; from: string; to: string; text: string; ts: number },
    textJson?: string,
    kind?: ItemKind,
  ): void {
    const { id, from, to, text, ts } = message;
    const seq = this.seqs.next(to); // may throw (a full disk): before the response is reserved
    const slot = sender.reserveReply();
    const box = this.boxes.get(to);
    const envelope: Envelope = {
      recipient: to,
      seq,
      id,
      from,
      text,
      ts,
      route: kind === undefined ? 'message' : kind.route,
      extra: kind?.extra,
      reply: kind?.reply,
      size: 0,
      holdUntil: 0,
      delivered: box !== undefined,
      slot,
      inBatch: false,
      stored: false,
      acked: false,
    };
    if (box === undefined) {
      this.writer.insert(envelope, true);
      return;
    }
    const frame =
      kind === undefined
        ? directMessageFrame(id, seq, from, textJson ?? JSON.stringify(text), ts)
        : directItemFrame(envelope, false);
    box.offer(envelope, frame);
  }

  /**
   * The sender deletes direct message `id`: whatever of it is still stored for `to` (the message,
   * the sender's edits and reactions of it) is dropped in this turn's commit, after any insert of it.
   */
  forget(to: string, from: string, id: string): void {
    this.boxes.get(to)?.forget(from, id);
    this.writer.defer({ write: () => this.store.inbox.dropMessage(to, from, id), done: () => {} });
  }

  /** Adds other writes (rooms) to this turn's one transaction. */
  defer(op: TurnOp): void {
    this.writer.defer(op);
  }

  /** The per-connection window's bounds (room feeds use the same). */
  get window(): WindowLimits {
    return this.options.window;
  }

  /** A user logged in on `session`: its stored messages start flowing, oldest first. */
  attach(session: LoggedInSession): void {
    this.writer.flushNow(); // the store must hold everything before the backlog is read
    const box = new Mailbox(
      session.username,
      session,
      this.options.window,
      this.store.inbox,
      this.writer,
      { offlineThrough: this.seqs.highest(session.username) },
      this.options.holdMs,
    );
    this.boxes.set(session.username, box);
    box.refill();
  }

  /** The user's session ended: its unacknowledged messages are stored for the next login. */
  detach(session: Session): void {
    const name = session.username;
    if (name === undefined) return;
    const box = this.boxes.get(name);
    if (box?.session !== session) return;
    this.boxes.delete(name);
    box.detach();
  }

  ack(session: LoggedInSession, seq: number): AckResult {
    const box = this.boxes.get(session.username);
    if (box?.session !== session) return seq === 0 ? 'ok' : 'too-high';
    return box.ack(seq);
  }

  /** Resolves once the store holds every write and delete decided so far (for tests and tools). */
  committed(): Promise<void> {
    return this.writer.committed();
  }

  /** Commits every message decided so far now, not at the end of the turn (an account being removed). */
  flushWrites(): void {
    this.writer.flushNow();
  }

  /** Commits what is pending and stops the hold timer (shutdown). */
  stop(): void {
    for (const box of this.boxes.values()) box.stopHold();
    this.writer.flushNow();
  }
}

/**
 * The hot path's frame, built by hand: ids and usernames are restricted to characters that JSON
 * never escapes, and the text comes already encoded. Equal to encodeRoute('message', {...}).
 */
export function directMessageFrame(
  id: string,
  seq: number,
  from: string,
  textJson: string,
  ts: number,
): string {
  return `[message] {"id":"${id}","seq":${seq},"from":"${from}","text":${textJson},"ts":${ts}}\n`;
}

/** For tests: the same frame through the shared encoder. */
export function encodedDirectMessage(
  id: string,
  seq: number,
  from: string,
  text: string,
  ts: number,
): string {
  return encodeRoute('message', { id, seq, from, text, ts });
}
