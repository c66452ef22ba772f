/**
 * One client TCP connection of the load generator, split into lines without copying or decoding:
 * the hot path sees (buffer, start, end) with the LF and any CR stripped. Until `stream` is
 * called (during a handshake) lines are kept as strings for `expect`, which waits for one that
 * matches; a cap keeps a connection nobody reads from growing without bound.
 */
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export type LineHandler = (buf: Buffer, start: number, end: number) => void;

const LF = 0x0a;
const CR = 0x0d;
const MAX_QUEUED = 10_000;
const readBuffer = Buffer.allocUnsafe(64 * 1024);

interface Waiter {
  readonly test: (line: string) => boolean;
  readonly resolve: (line: string) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class LineConn {
  private rest: Buffer | undefined;
  private waiter: Waiter | undefined;
  private queue: string[] = [];
  private onLine: LineHandler | undefined;
  /**
   * Takes every read whole instead of splitting it into lines (clients that only count replies).
   * The chunk is valid only until the handler returns.
   */
  onChunk: ((chunk: Buffer) => void) | undefined;
  /** Called after the lines of one read are handled: the place to batch follow-up writes. */
  onChunkEnd: (() => void) | undefined;
  closed = false;
  closeReason = '';

  private constructor(readonly socket: Socket) {
    socket.on('error', (error) => {
      this.closeReason = error.message;
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.reject(
        new Error(`connection closed${this.closeReason === '' ? '' : `: ${this.closeReason}`}`),
      );
    });
  }

  static open(host: string, port: number, timeoutMs = 10_000, tls = false): Promise<LineConn> {
    if (tls) return LineConn.openTls(host, port, timeoutMs);
    return new Promise((resolve, reject) => {
      let conn: LineConn | undefined;
      // Reads land in one shared buffer (no Buffer and no stream event per read): lines are handled
      // before the callback returns and an unfinished line is copied out, so nothing outlives it.
      const socket = connect({
        host,
        port,
        noDelay: true,
        onread: {
          buffer: readBuffer,
          callback: (bytes) => {
            const chunk = readBuffer.subarray(0, bytes);
            if (conn?.onChunk !== undefined) conn.onChunk(chunk);
            else conn?.onData(chunk);
            return true;
          },
        },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        conn = new LineConn(socket);
        resolve(conn);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  /** TLS sockets take no `onread` buffer: reads arrive as chunks, handled the same way. */
  private static openTls(host: string, port: number, timeoutMs: number): Promise<LineConn> {
    return new Promise((resolve, reject) => {
      const socket = tlsConnect({ host, port, rejectUnauthorized: false });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`TLS connect to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        const conn = new LineConn(socket);
        socket.on('data', (chunk: Buffer) => {
          if (conn.onChunk !== undefined) conn.onChunk(chunk);
          else conn.onData(chunk);
        });
        resolve(conn);
      });
      socket.once('error', (error: Error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  write(data: string | Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  /** Leaves handshake mode: from now on every line goes to `handler` (queued ones first). */
  stream(handler: LineHandler): void {
    this.onLine = handler;
    const queued = this.queue;
    this.queue = [];
    for (const line of queued) {
      const buf = Buffer.from(line);
      handler(buf, 0, buf.length);
    }
  }

  /** Resolves with the next line for which `test` is true; other lines in between are dropped. */
  expect(test: (line: string) => boolean, timeoutMs = 15_000, what = 'a reply'): Promise<string> {
    while (this.queue.length > 0) {
      const line = this.queue.shift()!;
      if (test(line)) return Promise.resolve(line);
    }
    if (this.closed) return Promise.reject(new Error(`connection closed before ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        test,
        resolve: (line) => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          this.waiter = undefined;
          reject(error);
        },
        timer,
      };
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const buf = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    let start = 0;
    let lf = buf.indexOf(LF, start);
    while (lf >= 0) {
      const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
      if (this.onLine !== undefined) {
        this.onLine(buf, start, end);
      } else {
        const line = buf.toString('utf8', start, end);
        const waiter = this.waiter;
        if (waiter !== undefined && this.queue.length === 0) {
          if (waiter.test(line)) waiter.resolve(line);
        } else {
          this.queue.push(line);
          if (this.queue.length > MAX_QUEUED) this.queue.shift();
        }
      }
      start = lf + 1;
      lf = buf.indexOf(LF, start);
    }
    this.rest = start < buf.length ? Buffer.from(buf.subarray(start)) : undefined;
    this.onChunkEnd?.();
  }
}
