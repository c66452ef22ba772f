/**
 * Streaming frame decoder: bytes in any split yield the same frames. Buffers at most
 * MAX_FRAME_BYTES of an unfinished line; a longer line is reported once as too large and its
 * remaining bytes are dropped up to the next LF, so a hostile peer can't make it grow.
 *
 * The complete lines of a chunk are decoded with one TextDecoder call and then split as text,
 * which is several times faster than decoding line by line. That is safe because an LF byte never
 * occurs inside a multi-byte UTF-8 sequence. For the same reason the k-th LF of the text is the k-th
 * LF byte of the chunk, so a long line's size on the wire is found with a native byte search for
 * LFs in the chunk, not by counting its UTF-8 length in JavaScript (a file chunk is ~48 KiB of text).
 */
import { MAX_FRAME_BYTES, parseFrame, type DecodeResult } from './frame.js';

const LF = 0x0a;
// Shared: decode() without {stream: true} keeps no state, and one per connection costs memory.
const utf8 = new TextDecoder('utf-8');
const EMPTY = new Uint8Array(0);

export type DecodeListener = (result: DecodeResult) => void;

export class FrameDecoder {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private discarding = false;
  /** The chunk whose lines emitLines is splitting, and where its byte scan for LFs has got to. */
  private scanBytes: Uint8Array = EMPTY;
  private scanPos = 0;
  private scanLine = 0;

  /** `parse` turns one complete line into a result; a server may pass a faster one of its own. */
  constructor(
    private readonly onResult: DecodeListener,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
    private readonly parse: (line: string) => DecodeResult = parseFrame,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.discarding || this.pendingBytes > 0) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.keep(chunk);
        return;
      }
      this.finishPendingLine(chunk.subarray(0, lf));
      start = lf + 1;
    }
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf >= start) {
      this.scanBytes = chunk;
      this.scanPos = start;
      this.scanLine = 0;
      this.emitLines(utf8.decode(chunk.subarray(start, lastLf)));
      this.scanBytes = EMPTY;
      start = lastLf + 1;
    }
    if (start < chunk.length) this.keep(chunk.subarray(start));
  }

  /** Bytes of an unfinished line held right now (never above the frame limit). */
  get bufferedBytes(): number {
    return this.pendingBytes;
  }

  private keep(part: Uint8Array): void {
    if (this.discarding || part.length === 0) return;
    if (this.pendingBytes + part.length >= this.maxFrameBytes) {
      this.tooLarge();
      return;
    }
    // Copy: the caller may reuse its buffer after push returns.
    this.pending.push(part.slice());
    this.pendingBytes += part.length;
  }

  /** `tail` is the rest of the held line, up to (not including) its LF. */
  private finishPendingLine(tail: Uint8Array): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const lineBytes = this.pendingBytes + tail.length;
    const parts = this.pending;
    parts.push(tail);
    this.pending = [];
    this.pendingBytes = 0;
    if (lineBytes + 1 > this.maxFrameBytes) {
      this.onResult({ ok: false, kind: 'too-large' });
      return;
    }
    this.emitLine(utf8.decode(concat(parts, lineBytes)), lineBytes);
  }

  private emitLines(text: string): void {
    let from = 0;
    for (let index = 0; ; index++) {
      const lf = text.indexOf('\n', from);
      if (lf < 0) {
        const line = from === 0 ? text : text.slice(from);
        this.emitLine(line, this.longLine(line) ? this.lineBytes(index) : 0);
        return;
      }
      const line = text.slice(from, lf);
      this.emitLine(line, this.longLine(line) ? this.lineBytes(index) : 0);
      from = lf + 1;
    }
  }

  /** A UTF-16 unit takes at most 3 UTF-8 bytes: only a line this long may be over the limit. */
  private longLine(line: string): boolean {
    return line.length * 3 + 1 > this.maxFrameBytes;
  }

  /** Bytes of line `index` of the chunk being split (CR included, LF not). */
  private lineBytes(index: number): number {
    const bytes = this.scanBytes;
    while (this.scanLine < index) {
      this.scanPos = bytes.indexOf(LF, this.scanPos) + 1;
      this.scanLine++;
    }
    return bytes.indexOf(LF, this.scanPos) - this.scanPos;
  }

  /** `bytes`: the line's size on the wire where it may be over the limit (else anything below it). */
  private emitLine(line: string, bytes: number): void {
    if (line.length === 0 || line === '\r') return; // blank lines are keep-alives, not frames
    if (bytes + 1 > this.maxFrameBytes) {
      this.onResult({ ok: false, kind: 'too-large' });
      return;
    }
    this.onResult(this.parse(line));
  }

  private tooLarge(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = true;
    this.onResult({ ok: false, kind: 'too-large' });
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** UTF-8 length of a string (lone surrogates count as the 3-byte replacement character). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
