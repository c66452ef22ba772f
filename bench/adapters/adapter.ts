/**
 * A protocol adapter: the small piece that lets one generator drive Parley, the floor relay,
 * ngircd and redis-server alike. It logs a connection in, encodes a direct message and a
 * broadcast, and classifies the lines that are not deliveries (deliveries are found by the
 * payload marker, whatever the protocol).
 */
import type { LineConn } from '../generator/line-conn.js';

export type ProtocolName = 'parley' | 'floor' | 'irc' | 'redis';

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
}
