/**
 * A Parley 1.1 receiving client's delivery bookkeeping (protocol.md, "Delivery"): every `[message]`
 * push carries `seq`; after a read that delivered some, the client sends one cumulative
 * `[ack] {"seq":N}` with the highest it has, and drops a push whose seq it already had (a
 * redelivery after a reconnect). Against a 1.0 server pushes carry no seq and nothing is acked.
 *
 * An ack is a request: its `[200] {}` comes back in order among this connection's responses, so
 * they are counted here and never mistaken for replies to messages. The generator's own checker
 * still sees every payload that is not a seq redelivery, so a message the server pushes twice under
 * two seqs shows as duplicated, and one it never pushes (or pushes under an already-used seq) as lost.
 */
import type { LineConn } from '../generator/line-conn.js';
import { emptyReceiverStats, type Receiver, type ReceiverStats } from './adapter.js';

const OPEN = 0x5b; // [
const CHAR_M = 0x6d; // [message]
const DIGIT_0 = 0x30;
const DIGIT_2 = 0x32;
const DIGIT_9 = 0x39;
// Inside a JSON string a quote is escaped, so `"seq":` can only be the key itself.
const SEQ_KEY = Buffer.from('"seq":');

/** The `seq` of a push line, or -1 when it has none (a 1.0 server, or not a message). */
export function seqOf(buf: Buffer, start: number, end: number): number {
  const at = buf.indexOf(SEQ_KEY, start);
  if (at < 0 || at >= end) return -1;
  let i = at + SEQ_KEY.length;
  let value = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c < DIGIT_0 || c > DIGIT_9) break;
    value = value * 10 + (c - DIGIT_0);
    digits++;
  }
  return digits === 0 ? -1 : value;
}

export function ackFrame(seq: number, room?: string): string {
  return room === undefined ? `[ack] {"seq":${seq}}\n` : `[ack] {"room":"${room}","seq":${seq}}\n`;
}

export class ParleyAcker implements Receiver {
  readonly stats: ReceiverStats = emptyReceiverStats();
  /** Highest seq received on this connection (what the next ack covers). */
  highest = 0;
  /** Highest seq acknowledged so far (sent). */
  private acked = 0;
  /** Seqs of acks sent and not yet answered, oldest first (responses come back in order). */
  private readonly waiting: number[] = [];
  private waitingHead = 0;
  /** Highest seq whose ack the server answered 200. */
  confirmed = 0;
  /** Called when an ack is answered 200, with the seq it covered. */
  onConfirmed: ((seq: number) => void) | undefined;

  /** `conn` sends nothing but acks once it streams, so every response on it answers one of them. */
  constructor(
    private readonly conn: LineConn,
    /** A member of this one room (1.2): its pushes ([message], [member]) are acked per room. */
    private readonly room?: string,
  ) {}

  start(): void {}

  line(buf: Buffer, start: number, end: number): boolean {
    if (buf[start] !== OPEN) return false;
    const c = buf[start + 1] ?? 0;
    if (c === CHAR_M) {
      const seq = seqOf(buf, start, end);
      if (seq < 0) return false;
      if (seq <= this.highest) {
        this.stats.redelivered++;
        return true;
      }
      this.highest = seq;
      return false;
    }
    if (c < DIGIT_0 || c > DIGIT_9 || this.waitingHead >= this.waiting.length) return false;
    const seq = this.waiting[this.waitingHead++]!;
    if (this.waitingHead === this.waiting.length) {
      this.waiting.length = 0;
      this.waitingHead = 0;
    }
    if (c !== DIGIT_2) return false; // an ack refused: the generator counts it as an error
    this.stats.ackReplies++;
    if (seq > this.confirmed) this.confirmed = seq;
    this.onConfirmed?.(seq);
    return true;
  }

  flush(): void {
    if (this.highest <= this.acked) return;
    this.acked = this.highest;
    this.waiting.push(this.highest);
    this.stats.acksSent++;
    this.conn.write(ackFrame(this.highest, this.room));
  }
}
