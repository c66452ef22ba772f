/**
 * The text every benchmark message carries: `~P<sender>.<seq>.<intendedUs>.<sentUs>~` padded with
 * `x` to a fixed size. Times are microseconds on the generator's monotonic clock (sender and
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

export function encodePayload(sender: number, seq: number, intendedUs: number, sentUs: number, size: number): string {
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
