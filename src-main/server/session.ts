/** What handlers know of a client connection: its identity and a way to push to it. */
import type { JsonObject } from '../../src-shared/protocol/index.js';

/** A direct message waiting in memory; re-queued for offline delivery if it never reaches the socket. */
export interface PendingDirectMessage {
  readonly recipient: string;
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
}

export interface Session {
  readonly id: number;
  /** The peer's address as other clients can reach it (IPv4-mapped IPv6 unwrapped). */
  readonly remoteAddress: string;
  readonly connectedAt: number;
  readonly closed: boolean;
  username: string | undefined;
  p2pPort: number | undefined;
  /** Last valid request that counts as user activity (not ping). */
  lastActivity: number;
  /** Queues an encoded frame for this client. */
  push(frame: Buffer | string): void;
  /** Pushes a direct message, holding it back while the offline backlog is still being sent. */
  pushDirect(frame: Buffer | string, message: PendingDirectMessage): void;
  /** Sends a push and resolves once the socket has taken it (or the connection is gone). */
  pushAndFlush(frame: Buffer | string): Promise<void>;
  /** Holds back direct messages until `releaseDeferred` (used while the backlog streams). */
  deferDirect(): void;
  releaseDeferred(): void;
  /** Sends the frame, then closes the connection gracefully. */
  closeWith(frame: Buffer | string): void;
  /** Closes the connection after everything already queued has been sent. */
  end(): void;
}

export function pushFrame(route: string, body: JsonObject): string {
  return `[${route}] ${JSON.stringify(body)}\n`;
}

/** Frames above this size are encoded to bytes once and the same Buffer is written to everyone. */
const SHARED_BUFFER_MIN_BYTES = 2048;

/**
 * A push for many recipients, serialised once. Small frames stay strings: each recipient appends
 * them to its own per-turn outbox, which is cheaper than a stream write per recipient; large ones
 * become one Buffer so their bytes are not encoded again for every recipient.
 */
export function sharedPushFrame(route: string, body: JsonObject): string | Buffer {
  const frame = pushFrame(route, body);
  return frame.length >= SHARED_BUFFER_MIN_BYTES ? Buffer.from(frame) : frame;
}
