/**
 * Redis pub/sub (RESP2) for redis-server: a user who receives direct messages subscribes to its
 * own channel `u:NAME`, broadcast receivers to `all`; senders PUBLISH (a subscribed RESP2
 * connection may not publish, so senders stay unsubscribed). PING answers +PONG.
 */
import type { LineConn } from '../generator/line-conn.js';
import { LineKind, type Adapter } from './adapter.js';

const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;

function bulk(s: string): string {
  return `$${Buffer.byteLength(s)}\r\n${s}\r\n`;
}

export function command(...parts: string[]): string {
  return `*${parts.length}\r\n${parts.map(bulk).join('')}`;
}

async function subscribe(conn: LineConn, channel: string): Promise<void> {
  conn.write(command('SUBSCRIBE', channel));
  // The confirmation ends with the subscription count as an integer line.
  const line = await conn.expect(
    (l) => l.startsWith(':') || l.startsWith('-'),
    30_000,
    `SUBSCRIBE ${channel}`,
  );
  if (line.startsWith('-')) throw new Error(`redis SUBSCRIBE ${channel}: ${line}`);
}

export const redisAdapter: Adapter = {
  name: 'redis',
  acknowledges: true,
  async login(conn, user, _password, role) {
    if (role.receivesDirect) await subscribe(conn, `u:${user}`);
  },
  joinBroadcast: (conn) => subscribe(conn, 'all'),
  direct: (to, payload) => command('PUBLISH', `u:${to}`, payload),
  broadcast: (payload) => command('PUBLISH', 'all', payload),
  ping: command('PING'),
  classify(buf, start) {
    const c = buf[start];
    if (c === COLON || c === PLUS) return LineKind.Ok;
    if (c === MINUS) return LineKind.Error;
    return LineKind.Other;
  },
  pong: () => '',
};
