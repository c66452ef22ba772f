/**
 * Redis streams (RESP2) as a durable mailbox, the same promise as Parley 1.1 (at least once, held
 * until the recipient acknowledges): a sender `XADD s:NAME * p PAYLOAD`s to the recipient's stream;
 * the recipient, logged in by creating its consumer group, `XREADGROUP`s (BLOCK, COUNT) and, with
 * each next read, `XACK`s the ids of the batch it just received: one ack per batch, as a Parley
 * client coalesces per read. Broadcasts are not offered: Parley's are live only, pub/sub is their peer.
 */
import type { LineConn } from '../generator/line-conn.js';
import { command } from './redis.js';
import { emptyReceiverStats, LineKind, type Adapter, type Receiver, type ReceiverStats } from './adapter.js';

const PLUS = 0x2b;
const MINUS = 0x2d;
const COLON = 0x3a;
const DOLLAR = 0x24;
const STAR = 0x2a;
const TILDE = 0x7e; // a benchmark payload starts with "~P"
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const GROUP = 'g';
/** Entries per XREADGROUP: above the generator's window, so a read takes all that is waiting. */
const COUNT = '256';

export const streamKey = (user: string): string => `s:${user}`;
/** A room is one stream; each member reads all of it through a consumer group of its own. */
export const roomKey = (room: string): string => `r:${room}`;

/** A RESP length or integer line (`*3`, `$15`, `:1`): the number after its type byte. */
function intAfterType(buf: Buffer, start: number, end: number): number {
  let i = start + 1;
  let sign = 1;
  if (buf[i] === MINUS) {
    sign = -1;
    i++;
  }
  let value = 0;
  for (; i < end; i++) value = value * 10 + ((buf[i] ?? DIGIT_0) - DIGIT_0);
  return sign * value;
}

/**
 * Follows the receiving connection's RESP replies line by line (the bench's payloads, ids and names
 * contain no CR or LF, so every bulk string is one line): collects the ids of delivered entries and
 * notices when an XREADGROUP reply is complete, so that the next read (with its XACK) can go out.
 */
class StreamReceiver implements Receiver {
  readonly stats: ReceiverStats = emptyReceiverStats();
  /** Elements still expected by each open array of the current reply, innermost last. */
  private readonly open: number[] = [];
  private bulkNext = false;
  /** Commands sent and not yet answered, oldest first. */
  private readonly pending: ('read' | 'ack')[] = [];
  private readDone = false;
  private ids: string[] = [];
  private readonly readFrame: string;

  constructor(
    private readonly conn: LineConn,
    private readonly key: string,
    private readonly group: string = GROUP,
  ) {
    this.readFrame = command(
      'XREADGROUP',
      'GROUP',
      group,
      'c',
      'COUNT',
      COUNT,
      'BLOCK',
      '0',
      'STREAMS',
      key,
      '>',
    );
  }

  start(): void {
    this.pending.push('read');
    this.conn.write(this.readFrame);
  }

  line(buf: Buffer, start: number, end: number): boolean {
    if (this.bulkNext) {
      this.bulkNext = false;
      const c = buf[start] ?? 0;
      if (c >= DIGIT_0 && c <= DIGIT_9) this.ids.push(buf.toString('latin1', start, end)); // an entry id
      this.element();
      return c !== TILDE; // a payload goes on to the generator's checker
    }
    switch (buf[start]) {
      case STAR: {
        const n = intAfterType(buf, start, end);
        if (n > 0) this.open.push(n);
        else this.element();
        return true;
      }
      case DOLLAR:
        if (intAfterType(buf, start, end) >= 0) this.bulkNext = true;
        else this.element();
        return true;
      case MINUS:
        this.element();
        return false; // an error: the generator counts it
      default: // :N (XACK's count) or +OK
        this.element();
        return true;
    }
  }

  flush(): void {
    if (!this.readDone) return;
    this.readDone = false;
    let out = '';
    if (this.ids.length > 0) {
      out += command('XACK', this.key, this.group, ...this.ids);
      this.pending.push('ack');
      this.stats.acksSent++;
      this.ids = [];
    }
    out += this.readFrame;
    this.pending.push('read');
    this.conn.write(out);
  }

  /** One element of the current reply is complete; closes the arrays it completes. */
  private element(): void {
    for (;;) {
      const depth = this.open.length;
      if (depth === 0) {
        this.replyDone();
        return;
      }
      const left = this.open[depth - 1]! - 1;
      if (left > 0) {
        this.open[depth - 1] = left;
        return;
      }
      this.open.pop();
    }
  }

  private replyDone(): void {
    const what = this.pending.shift();
    if (what === 'read') this.readDone = true;
    else if (what === 'ack') this.stats.ackReplies++;
  }
}

async function createGroup(conn: LineConn, key: string, group = GROUP): Promise<void> {
  conn.write(command('XGROUP', 'CREATE', key, group, '$', 'MKSTREAM'));
  const line = await conn.expect(
    (l) => l.startsWith('+') || l.startsWith('-'),
    30_000,
    `XGROUP CREATE ${key}`,
  );
  if (line.startsWith('-') && !line.startsWith('-BUSYGROUP'))
    throw new Error(`redis XGROUP CREATE ${key}: ${line}`);
}

export const redisStreamsAdapter: Adapter = {
  name: 'redis-streams',
  acknowledges: true,
  async login(conn, user, _password, role) {
    if (role.receivesDirect) await createGroup(conn, streamKey(user));
  },
  joinBroadcast: () =>
    Promise.reject(new Error('redis streams: broadcasts are not measured (live-only in Parley)')),
  direct: (to, payload) => command('XADD', streamKey(to), '*', 'p', payload),
  async joinRoom(conn, room, user, create) {
    if (!create) await createGroup(conn, roomKey(room), user);
    return 0;
  },
  roomPost: (room, payload) => command('XADD', roomKey(room), '*', 'p', payload),
  broadcast: () => {
    throw new Error('redis streams: broadcasts are not measured (live-only in Parley)');
  },
  ping: command('PING'),
  classify(buf, start) {
    // A sender sees XADD's reply, the new id as a bulk string: `$15` then the id.
    const c = buf[start];
    if (c === DOLLAR || c === PLUS || c === COLON) return LineKind.Ok;
    if (c === MINUS) return LineKind.Error;
    return LineKind.Other;
  },
  pong: () => '',
  receiver: (conn, user, mode, room) => {
    if (mode === 'room' && room !== undefined) return new StreamReceiver(conn, roomKey(room), user);
    if (mode !== 'direct') throw new Error('redis streams: broadcasts are not measured');
    return new StreamReceiver(conn, streamKey(user));
  },
};
