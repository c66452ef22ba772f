/**
 * IRC (RFC 2812) for ngircd: NICK/USER registration, PRIVMSG to a nick for direct messages and to
 * #all for broadcasts, PING/PONG for round trips. Lines are at most 512 bytes, which bounds the
 * payload size every target is given.
 */
import type { LineConn } from '../generator/line-conn.js';
import { LineKind, type Adapter } from './adapter.js';

export const BROADCAST_CHANNEL = '#all';
const COLON = 0x3a;
const PING = Buffer.from('PING ');
const PONG = Buffer.from(' PONG ');
const ERROR = Buffer.from('ERROR');

async function join(conn: LineConn, channel: string): Promise<void> {
  conn.write(`JOIN ${channel}\r\n`);
  const line = await conn.expect((l) => /^:\S+ (366|4\d\d) /.test(l), 30_000, 'end of NAMES after JOIN');
  if (!/^:\S+ 366 /.test(line)) throw new Error(`IRC join ${channel}: ${line}`);
}

export const ircAdapter: Adapter = {
  name: 'irc',
  acknowledges: false,
  async login(conn, user) {
    conn.write(`NICK ${user}\r\nUSER ${user} 0 * :${user}\r\n`);
    const line = await conn.expect(
      (l) => /^:\S+ (001|4\d\d) /.test(l) || l.startsWith('ERROR'),
      30_000,
      `welcome for ${user}`,
    );
    if (!/^:\S+ 001 /.test(line)) throw new Error(`IRC registration of ${user}: ${line}`);
  },
  joinBroadcast: (conn) => join(conn, BROADCAST_CHANNEL),
  async joinRoom(conn, room) {
    await join(conn, `#${room}`);
    return 0;
  },
  roomPost: (room, payload) => `PRIVMSG #${room} :${payload}\r\n`,
  direct: (to, payload) => `PRIVMSG ${to} :${payload}\r\n`,
  broadcast: (payload) => `PRIVMSG ${BROADCAST_CHANNEL} :${payload}\r\n`,
  ping: 'PING :bench\r\n',
  classify(buf, start, end) {
    if (buf[start] !== COLON) {
      if (buf.indexOf(PING, start) === start) return LineKind.ServerPing;
      if (buf.indexOf(ERROR, start) === start) return LineKind.Error;
      return LineKind.Other;
    }
    const pong = buf.indexOf(PONG, start);
    if (pong >= 0 && pong < end) return LineKind.Ok;
    // Numeric error replies: ":server 4xx ..." right after the prefix.
    const space = buf.indexOf(0x20, start);
    if (space > 0 && space + 4 < end && buf[space + 1] === 0x34) return LineKind.Error;
    return LineKind.Other;
  },
  pong: (line) => `PONG ${line.slice(5)}\r\n`,
};
