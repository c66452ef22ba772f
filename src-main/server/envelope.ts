/** A direct message on its way to its recipient, from the sender's request until the recipient's ack. */
import type { ReplySlot } from './reply-queue.js';

export interface Envelope {
  readonly recipient: string;
  readonly seq: number;
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
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
  return `[200] {"id":"${envelope.id}","ts":${envelope.ts},"delivered":${envelope.delivered}}\n`;
}

export function settle(envelope: Envelope, frame: string = safeReply(envelope)): void {
  const slot = envelope.slot;
  if (slot === undefined) return;
  envelope.slot = undefined;
  slot.fill(frame);
}
