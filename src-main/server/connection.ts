/**
 * One client socket: decodes frames, hands them to the dispatcher strictly one at a time, sends
 * responses in request order through a reply queue (a handler may reserve its response and fill it
 * later), coalesces writes into one syscall per tick, and enforces the output limits that protect
 * the server from slow readers.
 */
import type { Socket } from 'node:net';
import { FrameDecoder, MAX_FRAME_BYTES, type DecodeResult } from '../../src-shared/protocol/index.js';
import { parseRequestLine } from './plain-message.js';
import type { TokenBucket } from './limits.js';
import { ReplyQueue, type ReplySlot } from './reply-queue.js';
import { normalizeAddress, type Session } from './session.js';

export interface ConnectionLimits {
  /** Unsent output past which reading pauses until the socket drains. */
  readonly softOutputBytes: number;
  /**
   * Unsent output past which the connection is dropped. Direct messages alone never get there (the
   * delivery window bounds them); broadcasts and presence to a client far behind do.
   */
  readonly hardOutputBytes: number;
}

export interface ConnectionHandler {
  /** Handles one decoded line; a returned promise holds back the next one until it settles. */
  dispatch(connection: Connection, result: DecodeResult): void | Promise<void>;
  closed(connection: Connection): void;
}

/** Frames queued behind a slow handler before the socket stops being read. */
const MAX_QUEUED_FRAMES = 256;
/** A closing connection whose peer does not read is destroyed after this long. */
const CLOSE_GRACE_MS = 5_000;
const KEEPALIVE_DELAY_MS = 60_000;

export class Connection implements Session {
  username: string | undefined;
  p2pPort: number | undefined;
  lastActivity: number;
  presenceBatch = false;
  /** The request-rate limit's bucket (the server's; none when there is no limit). */
  rateBucket: TokenBucket | undefined;
  readonly remoteAddress: string;

  private readonly decoder: FrameDecoder;
  private readonly queue: DecodeResult[] = [];
  private inFlight = false;
  /** Text frames pushed during the current callback, written as one chunk when it returns. */
  private outbox = '';
  private corked = false;
  private flushQueued = false;
  /** No more requests are read; owed responses are still sent. */
  private ending = false;
  /** The socket has been ended: nothing more is written. */
  private finished = false;
  private isClosed = false;
  private pausedForOutput = false;
  private pausedForQueue = false;
  /** Set while reading is held back from a client over its request rate. */
  private holdTimer: NodeJS.Timeout | undefined;
  private heldUntil = 0;
  /**
   * Only while a response is reserved (most of a session's life has none): an idle session holds no
   * queue, closures or promise of its own (see "Memory per idle session" in docs/performance.md).
   */
  private replies: ReplyQueue | undefined;
  private closeWaiters: (() => void)[] | undefined;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly handler: ConnectionHandler,
    private readonly limits: ConnectionLimits,
    readonly connectedAt: number,
  ) {
    this.lastActivity = connectedAt;
    this.remoteAddress = normalizeAddress(socket.remoteAddress);
    this.decoder = new FrameDecoder((result) => this.enqueue(result), MAX_FRAME_BYTES, parseRequestLine);
    socket.setNoDelay(true);
    // Finds peers that vanished without a FIN (a laptop closed, a cable pulled), which would otherwise
    // hold their username as "already logged in" until the inactivity timeout, if any.
    socket.setKeepAlive(true, KEEPALIVE_DELAY_MS);
    // Shared listeners (`this` is the socket), not four closures per connection.
    (socket as OwnedSocket)[OWNER] = this;
    socket.on('data', onSocketData);
    socket.on('drain', onSocketDrain);
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
  }

  /** Settles once the socket is fully closed and the connection cleaned up. */
  get whenClosed(): Promise<void> {
    if (this.isClosed) return Promise.resolve();
    return new Promise((resolve) => (this.closeWaiters ??= []).push(resolve));
  }

  /** @internal a chunk read from the socket. */
  onData(chunk: Buffer): void {
    if (!this.ending) this.decoder.push(chunk);
  }

  /** Whether a request is being handled right now (a login waiting for its password check, say). */
  get busy(): boolean {
    return this.inFlight;
  }

  get closed(): boolean {
    return this.isClosed || this.ending;
  }

  push(frame: Buffer | string): void {
    // `writable` turns false as soon as the peer has gone, before our 'close' handler has run.
    if (this.isClosed || this.finished || !this.socket.writable) return;
    if (typeof frame === 'string') {
      // Appending to one string is far cheaper than a stream chunk (and its bookkeeping) per frame.
      this.outbox += frame;
    } else {
      // A shared Buffer (one broadcast, many recipients) goes out as is, after the text before it.
      if (!this.corked) {
        this.corked = true;
        this.socket.cork();
      }
      this.writeOutbox();
      this.socket.write(frame);
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueFlush(this);
    }
    const unsent = this.socket.writableLength + this.outbox.length;
    if (unsent > this.limits.hardOutputBytes) {
      this.destroy();
    } else if (unsent > this.limits.softOutputBytes && !this.pausedForOutput) {
      this.pausedForOutput = true;
      this.updateReading();
    }
  }

  /** @internal called once per callback in which something was pushed. */
  flush(): void {
    this.flushQueued = false;
    if (this.isClosed) return;
    this.writeOutbox();
    if (this.corked) {
      this.corked = false;
      this.socket.uncork();
    }
    // Paused for a large outbox that the kernel then took at once: no 'drain' will come to resume.
    if (this.pausedForOutput && !this.socket.writableNeedDrain) this.resumeAfterDrain();
  }

  private writeOutbox(): void {
    if (this.outbox === '') return;
    const text = this.outbox;
    this.outbox = '';
    this.socket.write(text);
  }

  /** Sends a response now, or after the responses reserved before it. */
  reply(frame: string): void {
    if (this.replies === undefined) this.push(frame);
    else this.replies.reply(frame);
  }

  reserveReply(): ReplySlot {
    this.replies ??= new ReplyQueue(
      (frame) => this.push(frame),
      () => this.afterRepliesDrained(),
    );
    return this.replies.reserve();
  }

  closeWith(frame: Buffer | string): void {
    if (this.closed) return;
    this.push(frame);
    this.end();
  }

  /**
   * Stops reading requests and half-closes once every response owed has been sent (a reserved one
   * is filled within the delivery hold); the peer gets everything sent so far.
   */
  end(): void {
    if (this.closed) return;
    this.ending = true;
    this.queue.length = 0;
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
    if (this.replies === undefined || this.replies.empty) this.finish();
  }

  private afterRepliesDrained(): void {
    // Nothing is reserved any more: no slot refers to this queue, so it can go.
    this.replies = undefined;
    if (this.ending && !this.finished) this.finish();
  }

  private finish(): void {
    this.flush();
    this.finished = true;
    this.socket.end();
  }

  destroy(): void {
    this.ending = true;
    this.socket.destroy();
  }

  /**
   * Stops reading this socket for `ms` (or longer, if it is already held longer). Frames already
   * read are still handled and answered; the client's further requests wait in its socket buffers.
   */
  holdReading(ms: number): void {
    if (ms <= 0 || this.closed) return;
    this.heldUntil = Math.max(this.heldUntil, performance.now() + ms);
    // One timer per hold: a flood refused a thousand times in one read only moves heldUntil.
    if (this.holdTimer !== undefined) return;
    this.armHold(ms);
    this.updateReading();
  }

  private armHold(ms: number): void {
    this.holdTimer = setTimeout(() => {
      const left = this.heldUntil - performance.now();
      if (left >= 1) {
        this.armHold(left);
        return;
      }
      this.holdTimer = undefined;
      this.updateReading();
    }, ms);
    this.holdTimer.unref();
  }

  private enqueue(result: DecodeResult): void {
    if (this.ending) return;
    if (!this.inFlight && this.queue.length === 0) {
      // The common case: nothing waits ahead of this frame, so it needs no trip through the queue.
      this.handle(result);
      return;
    }
    this.queue.push(result);
    if (this.queue.length > MAX_QUEUED_FRAMES && !this.pausedForQueue) {
      this.pausedForQueue = true;
      this.updateReading();
    }
    if (!this.inFlight) this.processQueue();
  }

  private processQueue(): void {
    while (!this.inFlight && !this.ending) {
      const next = this.queue.shift();
      if (next === undefined) break;
      this.handle(next);
    }
    if (this.pausedForQueue && this.queue.length < MAX_QUEUED_FRAMES / 4) {
      this.pausedForQueue = false;
      this.updateReading();
    }
  }

  private handle(result: DecodeResult): void {
    const pending = this.handler.dispatch(this, result);
    if (pending) {
      this.inFlight = true;
      pending.then(
        () => this.afterAsync(),
        () => this.afterAsync(),
      );
    }
  }

  private afterAsync(): void {
    this.inFlight = false;
    this.processQueue();
  }

  /** @internal */
  resumeAfterDrain(): void {
    if (!this.pausedForOutput) return;
    this.pausedForOutput = false;
    this.updateReading();
  }

  private updateReading(): void {
    if (this.isClosed) return;
    if (this.pausedForOutput || this.pausedForQueue || this.holdTimer !== undefined) this.socket.pause();
    else this.socket.resume();
  }

  /** @internal */
  onClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.ending = true;
    this.queue.length = 0;
    clearTimeout(this.holdTimer);
    this.handler.closed(this);
    const waiters = this.closeWaiters;
    this.closeWaiters = undefined;
    if (waiters) for (const resolve of waiters) resolve();
  }
}

const OWNER = Symbol('connection');
type OwnedSocket = Socket & { [OWNER]: Connection };

function onSocketData(this: Socket, chunk: Buffer): void {
  (this as OwnedSocket)[OWNER].onData(chunk);
}

function onSocketDrain(this: Socket): void {
  (this as OwnedSocket)[OWNER].resumeAfterDrain();
}

function onSocketError(): void {
  // 'close' follows every error; that is where the connection is cleaned up.
}

function onSocketClose(this: Socket): void {
  (this as OwnedSocket)[OWNER].onClose();
}

/**
 * Output is flushed when the callback that produced it returns (process.nextTick): every frame a
 * socket read produced goes out in one write. Flushing later, after the whole poll phase
 * (setImmediate), was measured slower: 88k vs 161k relayed msg/s at 500 pairs (bench S1).
 */
function queueFlush(connection: Connection): void {
  process.nextTick(flushOne, connection);
}

function flushOne(connection: Connection): void {
  connection.flush();
}
