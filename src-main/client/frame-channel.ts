/**
 * One socket speaking protocol frames, for both the server session and private-chat peers:
 * decodes incoming bytes into frames, matches responses to this side's requests first in,
 * first out, and reports route frames, unmatched responses, bad frames and the close.
 */
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import {
  FrameDecoder,
  encodeResponse,
  encodeRoute,
  type FrameError,
  type JsonObject,
  type ResponseFrame,
  type RouteFrame,
} from '../../src-shared/protocol/index.js';
import { NO_STATUS, ParleyError } from './parley-error.js';
import { TypedEmitter } from './typed-emitter.js';

export interface FrameChannelEvents {
  /** A response while no request was waiting, e.g. `[503] server full` right after connecting. */
  unmatched: ResponseFrame;
  badFrame: FrameError;
  close: { readonly hadError: boolean; readonly error?: Error };
}

export interface FrameChannelOptions {
  /** A request still unanswered after this long means the other side is stuck: the socket is
   *  dropped, since later answers could no longer be matched. 0 waits forever. */
  readonly requestTimeoutMs?: number;
}

const MAX_HELD_FRAMES = 64;

interface Pending {
  readonly route: string;
  readonly onAnswer: ((frame: ResponseFrame) => void) | undefined;
  readonly resolve: (frame: ResponseFrame) => void;
  readonly reject: (error: ParleyError) => void;
}

/** Any byte stream: a TCP socket, or the decrypted side of an encrypted peer connection. */
export class FrameChannel<S extends Duplex = Socket> extends TypedEmitter<FrameChannelEvents> {
  private readonly pending: Pending[] = [];
  private readonly requestTimeoutMs: number;
  private timer: NodeJS.Timeout | undefined;
  private isClosed = false;
  private routeHandler: ((frame: RouteFrame) => void) | undefined;
  private held: RouteFrame[] = [];
  private readonly decoder: FrameDecoder;
  private readonly unlisten: () => void;
  private detached = false;

  constructor(
    readonly socket: S,
    options: FrameChannelOptions = {},
  ) {
    super();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 0;
    this.decoder = new FrameDecoder((result) => {
      if (this.detached) {
        // Lines behind the one that handed the socket over were sent out of turn.
        this.socket.destroy(new Error('frames sent before the other side was ready for them'));
        return;
      }
      if (!result.ok) this.emit('badFrame', result);
      else if (result.frame.kind === 'route') this.onRoute(result.frame);
      else this.settle(result.frame);
    });
    const onData = (chunk: Buffer): void => {
      if (!this.isClosed) this.decoder.push(chunk);
    };
    let error: Error | undefined;
    const onError = (err: Error): void => {
      error = err;
    };
    const onClose = (hadError?: boolean): void => {
      this.isClosed = true;
      this.stopTimer();
      const reason = error ? `connection lost: ${error.message}` : 'connection closed';
      for (const waiting of this.pending.splice(0)) waiting.reject(new ParleyError(NO_STATUS, reason));
      const had = hadError ?? error !== undefined;
      this.emit('close', error ? { hadError: had, error } : { hadError: had });
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.on('close', onClose);
    this.unlisten = () => {
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('close', onClose);
    };
  }

  /**
   * Gives the socket up to a new owner that speaks something else on it (the encrypted channel
   * after the hello). This channel then reads nothing more and never reports the close. Bytes that
   * arrived behind the last frame read were sent out of turn: the socket is destroyed.
   */
  detach(): S {
    this.detached = true;
    this.unlisten();
    this.stopTimer();
    // Keeps a socket with nobody reading from erroring out unhandled.
    this.socket.on('error', () => undefined);
    if (this.decoder.bufferedBytes > 0) {
      this.socket.destroy(new Error('frames sent before the other side was ready for them'));
    }
    return this.socket;
  }

  get closed(): boolean {
    return this.isClosed || this.socket.destroyed;
  }

  /**
   * Hands route frames (requests from a peer, pushes from the server) to `handler`; with no
   * handler they are held until one is set. Holding matters when a connection changes hands
   * (hello handshake, then the chat): the next frame may arrive in the same chunk as the last
   * one the previous owner read.
   */
  setRouteHandler(handler: ((frame: RouteFrame) => void) | undefined): void {
    this.routeHandler = handler;
    while (this.routeHandler && this.held.length > 0) {
      const frame = this.held.shift();
      if (frame) this.routeHandler(frame);
    }
  }

  /**
   * Sends a request and resolves with its response, whatever the status. `onAnswer` runs
   * synchronously when the response is read, before any frame behind it is handled (a login
   * must count as done before the pushes that follow its answer).
   */
  request(
    route: string,
    body: JsonObject,
    onAnswer?: (frame: ResponseFrame) => void,
  ): Promise<ResponseFrame> {
    if (this.closed || !this.socket.writable) {
      return Promise.reject(new ParleyError(NO_STATUS, 'not connected'));
    }
    return new Promise<ResponseFrame>((resolve, reject) => {
      this.pending.push({ route, onAnswer, resolve, reject });
      if (this.pending.length === 1) this.startTimer();
      this.socket.write(encodeRoute(route, body));
    });
  }

  reply(status: number, body: JsonObject | string = {}): void {
    if (!this.closed && this.socket.writable) this.socket.write(encodeResponse(status, body));
  }

  /** Ends the connection after what is already written; destroys it if the other side lingers. */
  end(graceMs = 2000): void {
    if (this.closed) return;
    this.socket.end();
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onRoute(frame: RouteFrame): void {
    if (this.routeHandler) {
      this.routeHandler(frame);
    } else if (this.held.length < MAX_HELD_FRAMES) {
      this.held.push(frame);
    } else {
      this.socket.destroy(new Error('too many frames before the connection was ready'));
    }
  }

  private settle(frame: ResponseFrame): void {
    const waiting = this.pending.shift();
    if (!waiting) {
      this.emit('unmatched', frame);
      return;
    }
    this.stopTimer();
    if (this.pending.length > 0) this.startTimer();
    waiting.onAnswer?.(frame);
    waiting.resolve(frame);
  }

  private startTimer(): void {
    if (this.requestTimeoutMs <= 0) return;
    this.timer = setTimeout(() => {
      const route = this.pending[0]?.route ?? 'request';
      this.socket.destroy(new Error(`no answer to [${route}] within ${this.requestTimeoutMs} ms`));
    }, this.requestTimeoutMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** An error response's message; a 2xx body (not expected where this is used) as JSON. */
export function responseText(frame: ResponseFrame): string {
  return typeof frame.body === 'string' ? frame.body : JSON.stringify(frame.body);
}
