/**
 * A raw protocol client for server tests: sends frames as a third-party client would and awaits
 * the frames that come back, in order, without any of the real client's logic in between.
 */
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { FrameDecoder, encodeRoute, type Frame, type JsonObject } from '../../src-shared/protocol/index.js';

type Waiter = {
  match: (frame: Frame) => boolean;
  resolve: (frame: Frame) => void;
  reject: (e: Error) => void;
};

export class LineClient {
  readonly frames: Frame[] = [];
  private readonly waiters: Waiter[] = [];
  private closedFlag = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    const decoder = new FrameDecoder((result) => {
      if (!result.ok) throw new Error(`server sent an undecodable frame: ${JSON.stringify(result)}`);
      this.frames.push(result.frame);
      this.settleWaiters();
    });
    socket.on('data', (chunk: Buffer) => decoder.push(chunk));
    socket.on('error', () => {});
    this.closed = once(socket, 'close').then(() => {
      this.closedFlag = true;
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('connection closed'));
    });
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<LineClient> {
    const socket = connect({ port, host });
    await once(socket, 'connect');
    return new LineClient(socket);
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  sendRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  send(route: string, body: JsonObject = {}): void {
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
  options: { password?: string; p2pPort?: number; register?: boolean } = {},
): Promise<LineClient> {
  const client = await LineClient.connect(port);
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
