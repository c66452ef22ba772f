/**
 * The benchmark's receiving clients acknowledge like real ones and its checker still sees what a
 * server gets wrong: a Parley 1.1 receiver acks once per read with the highest seq and drops seq
 * redeliveries, while a message pushed twice under two seqs shows as duplicated and a missing one as
 * lost; the durable redis peer's receiver reads its stream and XACKs everything it got.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LineConn } from '../generator/line-conn.js';
import { decodePayload, encodePayload, type Decoded } from '../generator/payload.js';
import { StreamTracker } from '../generator/tracker.js';
import { targets } from '../targets/index.js';
import type { RunningTarget } from '../targets/target.js';
import { ParleyAcker, seqOf } from './parley-acks.js';
import { command } from './redis.js';
import { redisStreamsAdapter, streamKey } from './redis-streams.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The lines a raw server-side socket receives, one at a time. */
function lineReader(socket: Socket): () => Promise<string> {
  let buffered = '';
  const waiting: ((line: string) => void)[] = [];
  const ready: string[] = [];
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let lf = buffered.indexOf('\n');
    while (lf >= 0) {
      const line = buffered.slice(0, lf);
      buffered = buffered.slice(lf + 1);
      const next = waiting.shift();
      if (next !== undefined) next(line);
      else ready.push(line);
      lf = buffered.indexOf('\n');
    }
  });
  return () => {
    const line = ready.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise((resolve) => waiting.push(resolve));
  };
}

async function rawServer(): Promise<{ server: Server; port: number; accepted: Promise<Socket> }> {
  let accept: (socket: Socket) => void = () => undefined;
  const accepted = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((socket) => accept(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { server, port: address.port, accepted };
}

const push = (seq: number, payloadSeq: number): string =>
  `[message] {"id":"m${seq}","seq":${seq},"from":"s","text":"${encodePayload(0, payloadSeq, 1, 1, 60)}","ts":1}\n`;

describe('ParleyAcker', () => {
  it('reads the seq of a push and nothing from a quoted "seq" inside the text', () => {
    const line = Buffer.from('[message] {"id":"x","seq":42,"from":"a","text":"\\"seq\\":7"}');
    expect(seqOf(line, 0, line.length)).toBe(42);
    const old = Buffer.from('[message] {"id":"x","from":"a","text":"\\"seq\\":7"}');
    expect(seqOf(old, 0, old.length)).toBe(-1);
  });

  it('acks once per read, drops seq redeliveries, and leaves duplicates and losses to the checker', async () => {
    const { port, accepted } = await rawServer();
    const conn = await LineConn.open('127.0.0.1', port);
    cleanups.push(() => conn.close());
    const socket = await accepted;
    const nextLine = lineReader(socket);

    const acker = new ParleyAcker(conn);
    const tracker = new StreamTracker();
    const decoded: Decoded = { sender: 0, seq: 0, intendedUs: 0, sentUs: 0 };
    const passedOn: string[] = [];
    conn.stream((buf, start, end) => {
      if (acker.line(buf, start, end)) return;
      if (decodePayload(buf, start, end, decoded)) {
        tracker.arrive(decoded.seq);
      } else passedOn.push(buf.toString('utf8', start, end));
    });
    conn.onChunkEnd = () => acker.flush();

    /** Answers acks until one covers `seq`; the seqs acked, in order (one per read of the client). */
    const acksUpTo = async (seq: number): Promise<number[]> => {
      const seqs: number[] = [];
      for (;;) {
        const line = await nextLine();
        const match = /^\[ack\] \{"seq":(\d+)\}$/.exec(line);
        expect(match, line).not.toBeNull();
        seqs.push(Number(match![1]));
        socket.write('[200] {}\n');
        if (seqs.at(-1)! >= seq) return seqs;
      }
    };
    // One write is almost always one read on loopback (then one ack for both); never an ack per push
    // within a read, and never one that goes backwards.
    socket.write(push(1, 0) + push(2, 1));
    const first = await acksUpTo(2);
    expect(first.at(-1)).toBe(2);
    expect([...first].sort((a, b) => a - b)).toEqual(first);
    // Seq 2 again (a redelivery: dropped), payload 1 again under seq 3 (a duplicate the server
    // made), and seq 5 carrying payload 3: payload 2 never came.
    const confirmed = new Promise<void>((resolve) => {
      acker.onConfirmed = (seq) => {
        if (seq === 5) resolve();
      };
    });
    socket.write(push(2, 1) + push(3, 1) + push(5, 3));
    const second = await acksUpTo(5);
    expect(second.at(-1)).toBe(5);
    await confirmed;

    const acks = first.length + second.length;
    expect(acker.stats).toEqual({ acksSent: acks, ackReplies: acks, redelivered: 1 });
    expect(tracker.duplicated).toBe(1);
    expect(tracker.lost(4)).toBe(1);
    expect(passedOn).toEqual([]); // the acks' replies were never taken for message replies
  });
});

describe('redis streams receiver', () => {
  const why = targets['redis-aof'].unavailable();
  it.skipIf(why !== undefined)('reads every entry of its stream and XACKs them all', async () => {
    const redis: RunningTarget = await targets['redis-aof'].start({ core: undefined });
    cleanups.push(async () => void (await redis.stop()));
    const rcv = await LineConn.open(redis.host, redis.port);
    const snd = await LineConn.open(redis.host, redis.port);
    cleanups.push(() => rcv.close());
    cleanups.push(() => snd.close());
    await redisStreamsAdapter.login(rcv, 'bob', '', { receivesDirect: true });
    const receiver = redisStreamsAdapter.receiver!(rcv, 'bob', 'direct');
    const tracker = new StreamTracker();
    const decoded: Decoded = { sender: 0, seq: 0, intendedUs: 0, sentUs: 0 };
    const total = 300; // more than one XREADGROUP's COUNT
    // Done when all arrived and every XACK sent so far is answered; the last batch's XACK goes out
    // at the end of the read that brought it, so this is checked after each read's flush.
    const acked = new Promise<void>((resolve) => {
      rcv.stream((buf, start, end) => {
        if (receiver.line(buf, start, end)) return;
        if (decodePayload(buf, start, end, decoded)) tracker.arrive(decoded.seq);
      });
      rcv.onChunkEnd = () => {
        receiver.flush();
        const { acksSent, ackReplies } = receiver.stats;
        if (tracker.received === total && acksSent === ackReplies) resolve();
      };
    });
    receiver.start();
    for (let i = 0; i < total; i++)
      snd.write(redisStreamsAdapter.direct('bob', encodePayload(0, i, 1, 1, 60)));
    await acked;
    expect(tracker.lost(total)).toBe(0);
    expect(tracker.duplicated + tracker.reordered).toBe(0);

    // The XACKs were answered before this is asked: nothing of the group is pending any more.
    snd.write(command('XPENDING', streamKey('bob'), 'g'));
    const pending = await snd.expect((l) => l.startsWith(':') || l.startsWith('-'), 10_000, 'XPENDING');
    expect(pending).toBe(':0');
    expect(receiver.stats.acksSent).toBeGreaterThan(0);
  });
});
