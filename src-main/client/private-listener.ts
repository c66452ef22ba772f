/**
 * The listener peers connect to for private chats. A connection is let in only with `[hello]`
 * carrying a one-time token that this user handed out by accepting that peer's request; any
 * other well-formed frame gets `[401] invalid token` and the connection is closed. Unreadable
 * frames are answered as the server answers them (400 keeps the connection, 413 closes it).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import {
  describeIssues,
  peerRequestSchemas,
  Status,
  StandardMessage,
  type PeerBody,
  type RouteFrame,
} from '../../src-shared/protocol/index.js';
import { FrameChannel } from './frame-channel.js';
import { answerBadFrame, E2E_VERSION } from './peer-connection.js';
import { TypedEmitter } from './typed-emitter.js';

export interface PrivateListenerOptions {
  /** The address to bind: the local address of the connection to the server. */
  readonly host: string;
  /** 0 (the default) picks an ephemeral port. */
  readonly port?: number;
  /** A peer that has not said a valid hello this long after connecting is dropped. */
  readonly helloTimeoutMs?: number;
  /** A token nobody used this long after it was handed out is forgotten. */
  readonly tokenTtlMs?: number;
  readonly requestTimeoutMs?: number;
}

export interface PrivateListenerEvents {
  /**
   * A peer presented a valid token and asked for encryption. The owner must answer the hello
   * (200 and the handshake, or an error and close); the token is part of the handshake's prologue.
   */
  hello: { readonly user: string; readonly token: string; readonly channel: FrameChannel };
  /** A connection was refused; for logs and tests. */
  refused: { readonly reason: string };
}

interface Expected {
  readonly settled: Promise<void>;
  readonly settle: () => void;
}

interface Grant {
  readonly token: string;
  readonly timer: NodeJS.Timeout;
}

export class PrivateListener extends TypedEmitter<PrivateListenerEvents> {
  /** By user: at most one chat per pair, so at most one token per user waits to be used. */
  private readonly grants = new Map<string, Grant>();
  private readonly waiting = new Set<Socket>();
  private readonly expected = new Map<string, Expected>();

  private constructor(
    private readonly server: Server,
    private readonly options: PrivateListenerOptions,
  ) {
    super();
    server.on('connection', (socket) => this.onConnection(socket));
  }

  static async listen(options: PrivateListenerOptions): Promise<PrivateListener> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host, port: options.port ?? 0, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new PrivateListener(server, options);
  }

  get host(): string {
    return this.options.host;
  }

  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Lets `user` in once with `token`: called after this user accepted that user's request. */
  grant(token: string, user: string): void {
    this.revokeUser(user);
    const timer = setTimeout(() => this.revokeUser(user), this.options.tokenTtlMs ?? 120_000);
    timer.unref();
    this.grants.set(user, { token, timer });
  }

  /**
   * Announces that a token for `user` may be granted soon (an accept is on its way to the server).
   * The peer learns the token from the server and may say hello before our own answer arrives,
   * so a hello from `user` with an unknown token waits for this to settle before it is refused.
   * Call the returned function with the token to grant it, or without to give up.
   */
  expectGrant(user: string): (token?: string) => void {
    let settle = (): void => undefined;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const entry = { settled, settle };
    this.expected.set(user, entry);
    return (token) => {
      if (token !== undefined) this.grant(token, user);
      if (this.expected.get(user) === entry) this.expected.delete(user);
      entry.settle();
    };
  }

  /** Forgets every token handed to `user`, e.g. once a chat with them is open. */
  revokeUser(user: string): void {
    const grant = this.grants.get(user);
    if (!grant) return;
    clearTimeout(grant.timer);
    this.grants.delete(user);
  }

  /** Stops accepting, forgets all tokens and drops peers that have not said hello. Open chats live on. */
  close(): void {
    for (const user of [...this.grants.keys()]) this.revokeUser(user);
    for (const entry of this.expected.values()) entry.settle();
    this.expected.clear();
    for (const socket of this.waiting) socket.destroy();
    // Not awaiting close's callback: it waits for every accepted connection, open chats included.
    this.server.close();
  }

  private onConnection(socket: Socket): void {
    const channel = new FrameChannel(socket, { requestTimeoutMs: this.options.requestTimeoutMs ?? 10_000 });
    this.waiting.add(socket);
    const helloTimeoutMs = this.options.helloTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      this.emit('refused', { reason: 'no hello in time' });
      socket.destroy();
    }, helloTimeoutMs);
    const stopBadFrames = channel.on('badFrame', (error) => answerBadFrame(channel, error));
    channel.on('close', () => {
      clearTimeout(timer);
      this.waiting.delete(socket);
    });
    const handler = (frame: RouteFrame): void => {
      if (channel.closed) return;
      if (frame.route === 'hello') {
        const parsed = peerRequestSchemas.hello.safeParse(frame.body);
        // An unreadable hello gets 400 and may be retried, as a bad request to the server would.
        if (!parsed.success) {
          channel.reply(Status.badRequest, describeIssues(parsed.error));
          return;
        }
        const expected = this.expected.get(parsed.data.from);
        if (expected && !this.isGranted(parsed.data)) {
          // Hold later frames and come back to this hello once our answer is known.
          channel.setRouteHandler(undefined);
          void expected.settled.then(() => handler(frame));
          return;
        }
        const user = this.consume(parsed.data);
        if (user !== undefined && parsed.data.e2e !== E2E_VERSION) {
          // The token is spent all the same: it crossed the network in a hello anyone could read.
          this.emit('refused', { reason: `a plaintext hello from ${user}` });
          channel.reply(Status.badRequest, 'encryption required');
          channel.setRouteHandler(() => undefined);
          channel.end();
          return;
        }
        if (user !== undefined) {
          clearTimeout(timer);
          this.waiting.delete(socket);
          stopBadFrames();
          channel.setRouteHandler(undefined);
          this.emit('hello', { user, token: parsed.data.token, channel });
          return;
        }
      }
      this.emit('refused', { reason: `invalid token from ${describePeer(socket)}` });
      channel.reply(Status.unauthorized, StandardMessage.invalidToken);
      channel.setRouteHandler(() => undefined);
      channel.end();
    };
    channel.setRouteHandler(handler);
  }

  /** The user a hello's token was granted to, consuming the token; undefined for a stranger. */
  private consume(hello: PeerBody<'hello'>): string | undefined {
    if (!this.isGranted(hello)) return undefined;
    this.revokeUser(hello.from);
    return hello.from;
  }

  private isGranted(hello: PeerBody<'hello'>): boolean {
    const grant = this.grants.get(hello.from);
    return grant !== undefined && tokensEqual(grant.token, hello.token);
  }
}

/** Compares tokens in constant time, so response timing tells a guesser nothing about a prefix. */
function tokensEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function describePeer(socket: Socket): string {
  return `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
}
