/**
 * Streaming frame decoder: bytes in any split yield the same frames. Buffers at most
 * MAX_FRAME_BYTES of an unfinished line; a longer line is reported once as too large and its
 * remaining bytes are dropped up to the next LF, so a hostile peer can't make it grow.
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

  constructor(
    private readonly onResult: DecodeListener,
    private readonly maxFrameBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      if (lf < 0) {
        this.keep(chunk.subarray(start));
        return;
      }
      this.finishLine(chunk, start, lf);
      start = lf + 1;
    }
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

  private finishLine(chunk: Uint8Array, start: number, lf: number): void {
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    const lineBytes = this.pendingBytes + (lf - start) + 1;
    if (lineBytes > this.maxFrameBytes) {
      this.tooLarge();
      this.discarding = false;
      return;
    }
    let text: string;
    if (this.pendingBytes === 0) {
      text = utf8.decode(chunk.subarray(start, lf));
    } else {
      this.pending.push(chunk.subarray(start, lf));
      text = utf8.decode(concat(this.pending, this.pendingBytes + (lf - start)));
      this.pending = [];
      this.pendingBytes = 0;
    }
    if (text.length === 0 || text === '\r') return; // blank lines are keep-alives, not frames
    this.onResult(parseFrame(text));
  }

  private tooLarge(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = true;
    this.onResult({ ok: false, kind: 'too-large' });
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
