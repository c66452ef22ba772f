/** What handlers know of a client connection: its identity and a way to push to it. */
import { encodeRoute, type JsonObject } from '../../src-shared/protocol/index.js';
import type { ReplySlot } from './reply-queue.js';

export interface Session {
  readonly id: number;
  /** The peer's address as other clients can reach it (see normalizeAddress). */
  readonly remoteAddress: string;
  readonly connectedAt: number;
  /** True once the connection is closing: it reads no more requests. */
  readonly closed: boolean;
  username: string | undefined;
  p2pPort: number | undefined;
  /** Last valid request that counts as user activity (not ping or ack). */
  lastActivity: number;
  /** 1.2: the client asked for `[presence] {"users":[...]}` batches at login. */
  presenceBatch?: boolean;
  /** Queues an encoded push for this client. */
  push(frame: Buffer | string): void;
  /** Reserves the response to the request being handled, to be filled later (in request order). */
  reserveReply(): ReplySlot;
  /** Sends the push, then closes the connection once every response owed has been sent. */
  closeWith(frame: Buffer | string): void;
  /** Closes the connection after the responses owed and everything already queued have been sent. */
  end(): void;
}

/** A session of a logged-in user: what the routes behind the login gate are handed. */
export type LoggedInSession = Session & { readonly username: string };

export function isLoggedIn(session: Session): session is LoggedInSession {
  return session.username !== undefined;
}

/** Frames above this size are encoded to bytes once and the same Buffer is written to everyone. */
const SHARED_BUFFER_MIN_BYTES = 2048;

/**
 * A push for many recipients, serialised once. Small frames stay strings: each recipient appends
 * them to its own per-turn outbox, which is cheaper than a stream write per recipient; large ones
 * become one Buffer so their bytes are not encoded again for every recipient.
 */
export function sharedPushFrame(route: string, body: JsonObject): string | Buffer {
  return sharedFrame(encodeRoute(route, body));
}

/** An encoded frame for many recipients, as `sharedPushFrame` shares it. */
export function sharedFrame(frame: string): string | Buffer {
  return frame.length >= SHARED_BUFFER_MIN_BYTES ? Buffer.from(frame) : frame;
}

/** One form of a client's address everywhere (limits, logs, private-chat hosts). */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}
