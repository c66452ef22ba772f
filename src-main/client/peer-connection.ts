/**
 * One open private chat with a peer, after the hello handshake: private messages both ways with
 * acknowledgement, and stopping with a reason. Either side may send requests; each side answers
 * the other's requests in order, exactly like the server does.
 */
import { randomUUID } from 'node:crypto';
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  describeIssues,
  encodeRoute,
  isFileRoute,
  isPeerRoute,
  peerRequestSchemas,
  Status,
  StandardMessage,
  type FileBody,
  type FileRoute,
  type FrameError,
  type PeerBody,
  type RouteFrame,
} from '../../src-shared/protocol/index.js';
import type { EndedBy } from '../../src-shared/api/model.js';
import { FrameChannel, responseText } from './frame-channel.js';
import type { NoiseStream } from './noise/noise-stream.js';
import { parleyPrologue, secureSocket } from './noise/secure-socket.js';
import type { KeyPair } from './noise/x25519.js';
import { NO_STATUS, ParleyError, errorMessage } from './parley-error.js';
import { TypedEmitter } from './typed-emitter.js';

/** The `e2e` value of protocol 1.2: Noise_XX_25519_AESGCM_SHA256 with Parley's prologue and framing. */
export const E2E_VERSION = 'noise-xx/1';

export interface PeerConnectionEvents {
  message: PeerBody<'private'>;
  /** A file frame (1.2): not answered with [200]; its answers are file frames too. */
  file: { readonly route: FileRoute; readonly body: unknown };
  ended: { readonly by: EndedBy; readonly reason: string };
}

export class PeerConnection extends TypedEmitter<PeerConnectionEvents> {
  private ending: { by: EndedBy; reason: string } | undefined;
  private done = false;

  constructor(
    readonly peer: string,
    private readonly channel: FrameChannel<Duplex>,
  ) {
    super();
    channel.setRouteHandler((frame) => this.onRequest(frame));
    channel.on('badFrame', (error) => answerBadFrame(channel, error));
    channel.on('close', ({ error }) => {
      if (this.done) return;
      this.done = true;
      const ending = this.ending ?? {
        by: 'network',
        reason: error ? `connection lost: ${error.message}` : 'connection lost',
      };
      this.emit('ended', ending);
    });
  }

  get isOpen(): boolean {
    return !this.done && this.ending === undefined;
  }

  /** Sends a private message and resolves with what was sent once the peer has acknowledged it. */
  async send(text: string): Promise<PeerBody<'private'>> {
    if (!this.isOpen) throw new ParleyError(NO_STATUS, `no private chat with ${this.peer}`);
    const body = { id: randomUUID(), text, ts: Date.now() };
    const checked = peerRequestSchemas.private.safeParse(body);
    if (!checked.success) throw new ParleyError(Status.badRequest, describeIssues(checked.error));
    const reply = await this.channel.request('private', body);
    if (reply.status !== Status.ok) throw new ParleyError(reply.status, responseText(reply));
    return body;
  }

  /** Tells the peer why, waits briefly for its acknowledgement, and closes. Safe to call twice. */
  async stop(reason: string): Promise<void> {
    if (!this.isOpen) return;
    this.ending = { by: 'me', reason };
    try {
      await this.channel.request('stopprivate', { reason });
    } catch {
      // The peer may already be gone; the chat ends either way.
    }
    this.channel.end();
    if (!this.done) await new Promise<void>((resolve) => this.once('ended', () => resolve()));
  }

  /** Sends one file frame through the chat's (encrypted) channel; dropped once the chat ends. */
  sendFileFrame<R extends FileRoute>(route: R, body: FileBody<R>): void {
    if (this.isOpen && !this.channel.closed) this.channel.socket.write(encodeRoute(route, body));
  }

  /** Ends the chat without telling the peer (it sees the connection close). */
  destroy(): void {
    this.channel.destroy();
  }

  private onRequest(frame: RouteFrame): void {
    if (isFileRoute(frame.route)) {
      if (this.isOpen) this.emit('file', { route: frame.route, body: frame.body });
      return;
    }
    if (!isPeerRoute(frame.route)) {
      this.channel.reply(Status.badRequest, StandardMessage.unknownRoute);
      return;
    }
    const parsed = peerRequestSchemas[frame.route].safeParse(frame.body);
    if (!parsed.success) {
      this.channel.reply(Status.badRequest, describeIssues(parsed.error));
      return;
    }
    if (frame.route === 'hello') {
      this.channel.reply(Status.conflict, 'private chat already open');
    } else if (frame.route === 'private') {
      this.channel.reply(Status.ok);
      if (this.isOpen) this.emit('message', parsed.data as PeerBody<'private'>);
    } else {
      const reason = (parsed.data as PeerBody<'stopprivate'>).reason ?? 'stopped';
      this.ending ??= { by: 'peer', reason };
      this.channel.reply(Status.ok);
      this.channel.end();
    }
  }
}

/** A peer's frame that could not be read: 413 closes the connection, 400 keeps it, as the server does. */
export function answerBadFrame(channel: FrameChannel<Duplex>, error: FrameError): void {
  if (error.kind === 'too-large') {
    channel.reply(Status.tooLarge, StandardMessage.frameTooLarge);
    channel.end();
  } else {
    channel.reply(Status.badRequest, error.reason);
  }
}

export interface DialOptions {
  readonly host: string;
  readonly port: number;
  /** Our username, sent in `[hello]`. */
  readonly from: string;
  /** The user we expect to reach there (the prologue binds both names). */
  readonly to: string;
  readonly token: string;
  /** Connect plus hello must finish within this, and the encrypted handshake again within this. */
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly staticKeys: KeyPair;
  /** Throws to refuse the peer's static key (before ours is sent). */
  readonly checkPeer: (remoteStatic: Buffer) => void | Promise<void>;
}

/**
 * Connects to a peer's listener, says hello asking for encryption and, once it answers 200 with
 * the same `e2e`, runs the handshake as initiator; resolves with the encrypted channel.
 */
export async function dialPeer(options: DialOptions): Promise<FrameChannel<NoiseStream>> {
  const plain = await sayHello(options);
  let stream: NoiseStream;
  try {
    stream = await secureSocket({
      socket: plain.detach(),
      initiator: true,
      prologue: parleyPrologue(options.from, options.to, options.token),
      staticKeys: options.staticKeys,
      checkPeer: options.checkPeer,
      timeoutMs: options.timeoutMs,
    });
  } catch (error) {
    if (error instanceof ParleyError) throw error;
    throw new ParleyError(NO_STATUS, `no encrypted chat with ${options.to}: ${errorMessage(error)}`);
  }
  return new FrameChannel(stream, { requestTimeoutMs: options.requestTimeoutMs });
}

async function sayHello(options: DialOptions): Promise<FrameChannel> {
  const socket = netConnect({ host: options.host, port: options.port });
  socket.setNoDelay(true);
  const channel = new FrameChannel(socket, { requestTimeoutMs: options.requestTimeoutMs });
  const timer = setTimeout(
    () => socket.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    const reply = await channel.request('hello', {
      from: options.from,
      token: options.token,
      e2e: E2E_VERSION,
    });
    if (reply.status !== Status.ok) throw new ParleyError(reply.status, responseText(reply));
    if (typeof reply.body !== 'object' || reply.body['e2e'] !== E2E_VERSION) {
      throw new ParleyError(NO_STATUS, `${options.to} did not agree to encrypt the chat`);
    }
    return channel;
  } catch (error) {
    socket.destroy();
    if (error instanceof ParleyError) throw error;
    throw new ParleyError(
      NO_STATUS,
      `cannot reach ${options.host}:${options.port}: ${(error as Error).message}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
