/**
 * An item of a direct stream (a message, or since 1.2 an edit, delete, reaction or read receipt)
 * on its way to its recipient, from the sender's request until the recipient's ack.
 */
import type { ReplySlot } from './reply-queue.js';

export interface Envelope {
  readonly recipient: string;
  readonly seq: number;
  /** The message's id (for an edit, delete or reaction: the message it is about). */
  readonly id: string;
  readonly from: string;
  /** A message's or edit's text; '' for the other routes. */
  readonly text: string;
  readonly ts: number;
  /** The push's route; 'message' on the hot path. */
  readonly route: string;
  /** The route's own fields as a JSON object (replyTo; emoji and on; upTo), or undefined. */
  readonly extra: string | null | undefined;
  /** The sender's 200 when it is not a message's `{id, ts, delivered}`. */
  readonly reply: string | undefined;
  /** The push frame's length: what the message costs in its connection's window. */
  size: number;
  /** When its hold ends (performance.now() ms), if it was pushed live. */
  holdUntil: number;
  /** Whether the recipient was online when it was sent (the `delivered` of the sender's 200). */
  readonly delivered: boolean;
  /** The sender's response, until the message is safe (acknowledged or committed). */
  slot: ReplySlot | undefined;
  /** In this turn's write transaction, not committed yet. */
  inBatch: boolean;
  /** Committed to the store (and so deleted on the recipient's ack). */
  stored: boolean;
  acked: boolean;
}

/** The sender's 200, once its message is safe. Ids never need JSON escaping. */
export function safeReply(envelope: Envelope): string {
  if (envelope.reply !== undefined) return envelope.reply;
  return `[200] {"id":"${envelope.id}","ts":${envelope.ts},"delivered":${envelope.delivered}}\n`;
}

export function settle(envelope: Envelope, frame: string = safeReply(envelope)): void {
  const slot = envelope.slot;
  if (slot === undefined) return;
  envelope.slot = undefined;
  slot.fill(frame);
}
