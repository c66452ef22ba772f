/**
 * The text every benchmark message carries: `~P<sender>.<seq>.<intendedUs>.<sentUs>~` padded with
 * `x` to a fixed size (the hot path writes fixed-width, zero-padded numbers into a byte template). Times are microseconds on the generator's monotonic clock (sender and
 * receiver live in the same process). It contains no quote, backslash, space or line break, so
 * it passes through JSON, IRC and RESP unchanged, and a receiver finds it with one indexOf.
 */
const MARK = Buffer.from('~P');
const DOT = 0x2e;
const TILDE = 0x7e;
const PADDING = 'x'.repeat(70_000);

export function nowUs(): number {
  return Math.round(performance.now() * 1000);
}

export function encodePayload(
  sender: number,
  seq: number,
  intendedUs: number,
  sentUs: number,
  size: number,
): string {
  const head = `~P${sender}.${seq}.${intendedUs}.${sentUs}~`;
  return size > head.length ? head + PADDING.slice(0, size - head.length) : head;
}

/** Parsed fields, reused between calls to spare the garbage collector on the hot path. */
export interface Decoded {
  sender: number;
  seq: number;
  intendedUs: number;
  sentUs: number;
}

/** Finds and parses the payload in buf[start, end); false when the line carries none. */
export function decodePayload(buf: Buffer, start: number, end: number, out: Decoded): boolean {
  const at = buf.indexOf(MARK, start);
  if (at < 0 || at >= end) return false;
  let i = at + 2;
  let field = 0;
  let value = 0;
  for (; i < end; i++) {
    const c = buf[i] ?? 0;
    if (c === DOT || c === TILDE) {
      if (field === 0) out.sender = value;
      else if (field === 1) out.seq = value;
      else if (field === 2) out.intendedUs = value;
      else {
        out.sentUs = value;
        return true;
      }
      field++;
      value = 0;
    } else {
      value = value * 10 + (c - 48);
    }
  }
  return false;
}

const SENDER_DIGITS = 6;
const SEQ_DIGITS = 10;
const TIME_DIGITS = 13;
/** `~P` + four fixed-width fields with their separators. */
export const PAYLOAD_HEAD_BYTES = 2 + SENDER_DIGITS + 1 + SEQ_DIGITS + 1 + TIME_DIGITS + 1 + TIME_DIGITS + 1;

function writeDigits(buf: Buffer, at: number, width: number, value: number): void {
  let v = value;
  for (let i = at + width - 1; i >= at; i--) {
    buf[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
}

/**
 * A whole frame (one protocol's direct message or broadcast) as bytes, with a fixed-width payload
 * whose numbers are filled in per message: no string building or UTF-8 encoding per send.
 */
export class FrameTemplate {
  private readonly bytes: Buffer;
  private readonly at: number;

  /** `frame` turns a payload string into the protocol's frame (e.g. adapter.direct bound to a user). */
  constructor(frame: (payload: string) => string, payloadBytes: number) {
    const size = Math.max(payloadBytes, PAYLOAD_HEAD_BYTES);
    const placeholder = '~P' + '0'.repeat(size - 2);
    this.bytes = Buffer.from(
      frame(placeholder.slice(0, PAYLOAD_HEAD_BYTES - 1) + '~' + 'x'.repeat(size - PAYLOAD_HEAD_BYTES)),
    );
    this.at = this.bytes.indexOf(MARK);
  }

  get length(): number {
    return this.bytes.length;
  }

  fill(out: Buffer, offset: number, sender: number, seq: number, intendedUs: number, sentUs: number): void {
    this.bytes.copy(out, offset);
    let p = offset + this.at + 2;
    writeDigits(out, p, SENDER_DIGITS, sender);
    p += SENDER_DIGITS;
    out[p++] = DOT;
    writeDigits(out, p, SEQ_DIGITS, seq);
    p += SEQ_DIGITS;
    out[p++] = DOT;
    writeDigits(out, p, TIME_DIGITS, intendedUs);
    p += TIME_DIGITS;
    out[p++] = DOT;
    writeDigits(out, p, TIME_DIGITS, sentUs);
  }
}
