/**
 * A raw protocol client for server tests: sends frames as a third-party client would and awaits
 * the frames that come back, in order, without any of the real client's logic in between. Like a
 * real client it acknowledges the direct messages it receives (one coalesced `[ack]` per read),
 * unless made with `{ autoAck: false }`; the responses to its own acks are kept out of `frames`.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { FrameDecoder, encodeRoute, type Frame, type JsonObject } from '../../src-shared/protocol/index.js';

type Waiter = {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
  reject: (e: Error) => void;
};

export interface LineClientOptions {
  /** Acknowledge received direct messages automatically (default true). */
  readonly autoAck?: boolean;
}

export class LineClient {
  readonly frames: Frame[] = [];
  /** Highest seq of a direct-stream item received (any route), and of one acknowledged. */
  highestSeq = 0;
  ackedSeq = 0;
  /** Per room: highest seq of an item received, and of one acknowledged (protocol 1.2). */
  readonly roomSeq = new Map<string, number>();
  readonly roomAcked = new Map<string, number>();
  /** Statuses of the responses to this client's automatic acks. */
  readonly ackStatuses: number[] = [];
  private readonly waiters: Waiter[] = [];
  /** Who sent each request still waiting for its response: the test, or the auto-ack. */
  private readonly outstanding: ('test' | 'ack')[] = [];
  private ackQueued = false;
  private closedFlag = false;
  readonly closed: Promise<void>;
  autoAck: boolean;

  private constructor(
    readonly socket: Socket,
    options: LineClientOptions,
  ) {
    this.autoAck = options.autoAck ?? true;
    const decoder = new FrameDecoder((result) => {
      if (!result.ok) throw new Error(`server sent an undecodable frame: ${JSON.stringify(result)}`);
      const frame = result.frame;
      if (frame.kind === 'response' && this.outstanding.shift() === 'ack') {
        this.ackStatuses.push(frame.status);
        return;
      }
      if (frame.kind === 'route' && typeof frame.body.seq === 'number') {
        const room = frame.body.room;
        if (typeof room === 'string') {
          this.roomSeq.set(room, Math.max(this.roomSeq.get(room) ?? 0, frame.body.seq));
        } else this.highestSeq = Math.max(this.highestSeq, frame.body.seq);
        if (this.autoAck) this.queueAck();
      }
      this.frames.push(frame);
      this.settleWaiters();
    });
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.on('error', () => {});
    // Not events.once: it rejects on 'error' (a reset by a killed server), and 'close' still follows.
    this.closed = new Promise<void>((resolve) => socket.once('close', () => resolve())).then(() => {
      this.closedFlag = true;
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('connection closed'));
    });
  }

  static async connect(
    port: number,
    host = '127.0.0.1',
    options: LineClientOptions = {},
  ): Promise<LineClient> {
    const socket = connect({ port, host });
    await once(socket, 'connect');
    return new LineClient(socket, options);
  }

  /** Acknowledges every direct message received so far (`[ack] {seq}`), its response kept aside. */
  ack(seq = this.highestSeq): void {
    if (this.closedFlag || seq <= this.ackedSeq) return;
    this.ackedSeq = seq;
    this.outstanding.push('ack');
    this.socket.write(encodeRoute('ack', { seq }));
  }

  /** Acknowledges a room's items up to `seq` (default: all received), its response kept aside. */
  ackRoom(room: string, seq = this.roomSeq.get(room) ?? 0): void {
    if (this.closedFlag || seq <= (this.roomAcked.get(room) ?? 0)) return;
    this.roomAcked.set(room, seq);
    this.outstanding.push('ack');
    this.socket.write(encodeRoute('ack', { room, seq }));
  }

  /** Acknowledges what was received and resolves once the server has handled the ack. */
  async ackAll(): Promise<void> {
    this.ack();
    for (const room of this.roomSeq.keys()) this.ackRoom(room);
    const pong = await this.request('ping');
    if (pong.status !== 200) throw new Error(`ping after ack: ${pong.status}`);
  }

  private queueAck(): void {
    if (this.ackQueued) return;
    this.ackQueued = true;
    setImmediate(() => {
      this.ackQueued = false;
      if (!this.autoAck) return;
      this.ack();
      for (const room of this.roomSeq.keys()) this.ackRoom(room);
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Sends raw bytes; each non-blank line in them is counted as a request that gets a response. */
  sendRaw(data: string | Buffer): void {
    for (const line of data.toString('latin1').split('\n').slice(0, -1)) {
      if (line.replace(/\r$/, '') !== '') this.outstanding.push('test');
    }
    this.socket.write(data);
  }

  send(route: string, body: JsonObject = {}): void {
    this.outstanding.push('test');
    this.socket.write(encodeRoute(route, body));
  }

  /** Sends a request and resolves with the next response frame. */
  async request(
    route: string,
    body: JsonObject = {},
  ): Promise<{ status: number; body: JsonObject | string }> {
    const response = this.next((f) => f.kind === 'response');
    this.send(route, body);
    const frame = await response;
    if (frame.kind !== 'response') throw new Error('unreachable');
    return { status: frame.status, body: frame.body };
  }

  /** Resolves with (and removes) the first received frame matching `match`, waiting if needed. */
  next(match: (frame: Frame) => boolean = () => true): Promise<Frame> {
    const index = this.frames.findIndex(match);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0] as Frame);
    if (this.closedFlag) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  /** The next push with the given route. */
  async push(route: string): Promise<JsonObject> {
    const frame = await this.next((f) => f.kind === 'route' && f.route === route);
    if (frame.kind !== 'route') throw new Error('unreachable');
    return frame.body;
  }

  /** Pushes with `route` received so far, removed from the buffer. */
  takePushes(route: string): JsonObject[] {
    const taken: JsonObject[] = [];
    for (let i = 0; i < this.frames.length;) {
      const frame = this.frames[i];
      if (frame?.kind === 'route' && frame.route === route) {
        taken.push(frame.body);
        this.frames.splice(i, 1);
      } else i++;
    }
    return taken;
  }

  close(): void {
    this.socket.destroy();
  }

  private settleWaiters(): void {
    for (let w = 0; w < this.waiters.length;) {
      const waiter = this.waiters[w];
      const index = waiter ? this.frames.findIndex(waiter.match) : -1;
      if (waiter && index >= 0) {
        this.waiters.splice(w, 1);
        waiter.resolve(this.frames.splice(index, 1)[0] as Frame);
      } else w++;
    }
  }
}

/** Registers (if needed) and logs in a user on a new connection. */
export async function loggedIn(
  port: number,
  username: string,
  options: { password?: string; p2pPort?: number; register?: boolean } & LineClientOptions = {},
): Promise<LineClient> {
  const client = await LineClient.connect(port, '127.0.0.1', options);
  const password = options.password ?? `${username}-secret`;
  if (options.register !== false) {
    const reg = await client.request('register', { username, password });
    if (reg.status !== 200 && reg.status !== 409) throw new Error(`register ${username}: ${reg.status}`);
  }
  const body: JsonObject = { username, password };
  if (options.p2pPort !== undefined) body.p2pPort = options.p2pPort;
  const res = await client.request('login', body);
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return client;
}
