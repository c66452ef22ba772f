/**
 * A protocol adapter: the small piece that lets one generator drive Parley, the floor relay,
 * ngircd and redis-server alike. It logs a connection in, encodes a direct message and a
 * broadcast, and classifies the lines that are not deliveries (deliveries are found by the
 * payload marker, whatever the protocol).
 */
import type { LineConn } from '../generator/line-conn.js';

export type ProtocolName = 'parley' | 'floor' | 'irc' | 'redis' | 'redis-streams';

export const enum LineKind {
  Other = 0,
  /** A success reply: an acknowledgement or a pong. */
  Ok = 1,
  /** An error reply. */
  Error = 2,
  /** A keepalive from the server that must be answered (IRC PING). */
  ServerPing = 3,
}

export interface Role {
  /** Whether this connection will receive direct messages (redis: subscribe to its own channel). */
  readonly receivesDirect: boolean;
}

/**
 * What a receiving connection does besides finding payloads, where the protocol asks the client to
 * acknowledge (Parley 1.1's `[ack]`, redis streams' XACK) or to fetch (XREADGROUP).
 */
export interface Receiver {
  /** Sends what must precede the first delivery (redis: the first XREADGROUP). */
  start(): void;
  /**
   * Sees every line before the generator does. True: the line was protocol bookkeeping (a reply to
   * the receiver's own ack or fetch, a redelivery the client already has) and is done with; false:
   * look for a payload in it and classify it as usual.
   */
  line(buf: Buffer, start: number, end: number): boolean;
  /** After each read: one coalesced acknowledgement of what it delivered, the next fetch. */
  flush(): void;
  readonly stats: ReceiverStats;
  /** Where the protocol numbers items: the highest seq whose acknowledgement the server answered. */
  readonly confirmed?: number;
}

export interface ReceiverStats {
  /** Acknowledgements written (one per read that delivered something, at most). */
  acksSent: number;
  /** Success replies to those acknowledgements (they are not message replies). */
  ackReplies: number;
  /** Deliveries dropped because the client already had that sequence number (a redelivery). */
  redelivered: number;
}

export function emptyReceiverStats(): ReceiverStats {
  return { acksSent: 0, ackReplies: 0, redelivered: 0 };
}

export interface Adapter {
  readonly name: ProtocolName;
  /** Whether each direct message or broadcast gets a reply (Parley's [200], redis's :N). */
  readonly acknowledges: boolean;
  /** Registers where the protocol has accounts, logs in; resolves once the connection may send. */
  login(conn: LineConn, user: string, password: string, role: Role): Promise<void>;
  /** Makes a logged-in connection receive broadcasts (IRC join, redis subscribe). */
  joinBroadcast(conn: LineConn): Promise<void>;
  direct(to: string, payload: string): string;
  broadcast(payload: string): string;
  /** A request answered by one Ok line, for round-trip (event-loop lag) probes. */
  readonly ping: string;
  classify(buf: Buffer, start: number, end: number): LineKind;
  /** The answer to a ServerPing line. */
  pong(line: string): string;
  /**
   * Where the client must acknowledge or fetch what it receives: the per-connection state that does
   * it. `user` is the logged-in receiver; absent for push-and-forget protocols.
   */
  receiver?(conn: LineConn, user: string, mode: 'direct' | 'broadcast' | 'room', room?: string): Receiver;
  /**
   * Rooms (S9): the creator makes the room (IRC, redis: joins it, or nothing), the others join.
   * Resolves with the join's own item seq where the protocol numbers room items (Parley), else 0.
   */
  joinRoom?(conn: LineConn, room: string, user: string, create: boolean): Promise<number>;
  /** A message to every member of `room`. */
  roomPost?(room: string, payload: string): string;
}
