/**
 * Streaming frame decoder: bytes in any split yield the same frames. Buffers at most
 * MAX_FRAME_BYTES of an unfinished line; a longer line is reported once as too large and its
 * remaining bytes are dropped up to the next LF, so a hostile peer can't make it grow.
 *
 * The complete lines of a chunk are decoded with one TextDecoder call and then split as text,
 * which is several times faster than decoding line by line. That is safe because an LF byte never
 * occurs inside a multi-byte UTF-8 sequence.
 */
import { MAX_FRAME_BYTES, parseFrame, type DecodeResult } from './frame.js';

const LF = 0x0a;
// Shared: decode() without {stream: true} keeps no state, and one per connection costs memory.
const utf8 = new TextDecoder('utf-8');

export type DecodeListener = (result: DecodeResult) => void;

export class FrameDecoder {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private discarding = false;

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
      this.emitLines(utf8.decode(chunk.subarray(start, lastLf)));
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
    this.emitLine(utf8.decode(concat(parts, lineBytes)));
  }

  private emitLines(text: string): void {
    let from = 0;
    for (;;) {
      const lf = text.indexOf('\n', from);
      if (lf < 0) {
        this.emitLine(from === 0 ? text : text.slice(from));
        return;
      }
      this.emitLine(text.slice(from, lf));
      from = lf + 1;
    }
  }

  private emitLine(line: string): void {
    if (line.length === 0 || line === '\r') return; // blank lines are keep-alives, not frames
    // A UTF-16 unit takes at most 3 UTF-8 bytes: only long lines need their bytes counted.
    if (line.length * 3 + 1 > this.maxFrameBytes && utf8ByteLength(line) + 1 > this.maxFrameBytes) {
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
