import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeResponse, encodeRoute, MAX_FRAME_BYTES, parseFrame, type DecodeResult } from './frame.js';
import { FrameDecoder, utf8ByteLength } from './frame-decoder.js';

function decodeAll(chunks: readonly Uint8Array[]): DecodeResult[] {
  const out: DecodeResult[] = [];
  const decoder = new FrameDecoder((r) => out.push(r));
  for (const chunk of chunks) decoder.push(chunk);
  return out;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Splits `data` at the given cut points (any order, any count). */
function split(data: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    parts.push(data.subarray(start, point));
    start = point;
  }
  parts.push(data.subarray(start));
  return parts;
}

describe('parseFrame', () => {
  it('reads a request, a 2xx response and an error response', () => {
    expect(parseFrame('[login] {"username":"a","password":"b"}')).toEqual({
      ok: true,
      frame: { kind: 'route', route: 'login', body: { username: 'a', password: 'b' } },
    });
    expect(parseFrame('[200] {"users":[]}')).toEqual({
      ok: true,
      frame: { kind: 'response', status: 200, body: { users: [] } },
    });
    expect(parseFrame('[404] no such user')).toEqual({
      ok: true,
      frame: { kind: 'response', status: 404, body: 'no such user' },
    });
  });

  it('tolerates a trailing CR and a missing body', () => {
    expect(parseFrame('[whoelse] {}\r')).toMatchObject({ ok: true, frame: { route: 'whoelse', body: {} } });
    expect(parseFrame('[whoelse]')).toMatchObject({ ok: true, frame: { route: 'whoelse', body: {} } });
    expect(parseFrame('[whoelse] ')).toMatchObject({ ok: true, frame: { route: 'whoelse', body: {} } });
  });

  it.each([
    ['two spaces', '[login]  {"username":"ann"}'],
    ['a tab after the space', '[login] \t{}'],
    ['two spaces before a 2xx body', '[200]  {}'],
  ])('wants exactly one space after the route: %s', (_name, line) => {
    expect(parseFrame(line)).toEqual({
      ok: false,
      kind: 'malformed',
      reason: 'expected exactly one space after [ROUTE], then the body',
    });
  });

  it.each([
    ['no brackets', 'login {}'],
    ['unclosed route', '[login {}'],
    ['uppercase route', '[LOGIN] {}'],
    ['no space', '[login]{}'],
    ['array body', '[login] []'],
    ['bad JSON', '[login] {"a":'],
    ['string body on a request', '[login] "x"'],
  ])('reports %s as malformed', (_name, line) => {
    expect(parseFrame(line)).toMatchObject({ ok: false, kind: 'malformed' });
  });

  it('keeps an error message on one line when encoding', () => {
    expect(encodeResponse(400, 'two\nlines')).toBe('[400] two lines\n');
  });
});

describe('FrameDecoder', () => {
  it('yields many frames from one chunk and one frame from single bytes', () => {
    const data = bytes('[ping] {}\n[whoelse] {}\r\n\n[200] {}\n');
    const expected = decodeAll([data]);
    expect(expected).toHaveLength(3);
    expect(decodeAll([...data].map((b) => Uint8Array.of(b)))).toEqual(expected);
  });

  it('decodes multi-byte characters split across chunks', () => {
    const data = bytes('[message] {"to":"b","text":"héllo 👋"}\n');
    const results = decodeAll(split(data, [30, 31, 32, 33, 34]));
    expect(results).toEqual([
      { ok: true, frame: { kind: 'route', route: 'message', body: { to: 'b', text: 'héllo 👋' } } },
    ]);
  });

  it('reports an oversized line once, without buffering it, and recovers at the next LF', () => {
    const results: DecodeResult[] = [];
    const decoder = new FrameDecoder((r) => results.push(r));
    const block = new Uint8Array(16 * 1024).fill(0x61);
    for (let i = 0; i < 64; i++) decoder.push(block); // 1 MiB with no LF
    expect(decoder.bufferedBytes).toBeLessThan(MAX_FRAME_BYTES);
    decoder.push(bytes('tail\n[ping] {}\n'));
    expect(results).toEqual([
      { ok: false, kind: 'too-large' },
      { ok: true, frame: { kind: 'route', route: 'ping', body: {} } },
    ]);
  });

  it('accepts a frame of exactly 64 KiB with its LF and rejects one byte more', () => {
    const frameOf = (size: number): Uint8Array => {
      const prefix = '[message] {"to":"b","text":"';
      const suffix = '"}\n';
      return bytes(prefix + 'x'.repeat(size - prefix.length - suffix.length) + suffix);
    };
    expect(decodeAll([frameOf(MAX_FRAME_BYTES)])[0]).toMatchObject({ ok: true });
    expect(decodeAll([frameOf(MAX_FRAME_BYTES + 1)])[0]).toEqual({ ok: false, kind: 'too-large' });
  });

  it('measures long multi-byte lines in bytes wherever they sit in a chunk', () => {
    // 'é' is 2 bytes and 1 UTF-16 unit: the text length alone would let both long frames through.
    const frameOf = (size: number): string => {
      const prefix = '[message] {"to":"b","text":"';
      const suffix = '"}\n';
      const room = size - prefix.length - suffix.length;
      return prefix + 'é'.repeat(Math.floor(room / 2)) + 'x'.repeat(room % 2) + suffix;
    };
    const ping = '[ping] {}\n';
    const wire = ping + frameOf(MAX_FRAME_BYTES) + ping + ping + frameOf(MAX_FRAME_BYTES + 1) + ping;
    const results = decodeAll([bytes(wire)]);
    expect(results.map((r) => (r.ok ? 'ok' : r.kind))).toEqual(['ok', 'ok', 'ok', 'ok', 'too-large', 'ok']);
    // The same frames split at every 7 KiB land in the held-line path: the same verdicts.
    const whole = bytes(wire);
    const cuts = Array.from({ length: Math.floor(whole.length / 7168) }, (_, i) => (i + 1) * 7168);
    expect(decodeAll(split(whole, cuts)).map((r) => (r.ok ? 'ok' : r.kind))).toEqual(
      results.map((r) => (r.ok ? 'ok' : r.kind)),
    );
  });
});

const route = fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/);
// Full Unicode, lone surrogates included: multi-byte characters must survive any split.
const jsonObject = fc.dictionary(
  fc.string({ unit: 'binary' }),
  fc.jsonValue({ stringUnit: 'binary' }),
) as fc.Arbitrary<Record<string, unknown>>;

describe('utf8ByteLength', () => {
  it('agrees with TextEncoder on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
      }),
    );
  });
});

describe('properties', () => {
  it('round-trips any route and body through any chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(route, jsonObject), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat()),
        (frames, cuts) => {
          const wire = bytes(frames.map(([r, b]) => encodeRoute(r, b)).join(''));
          const decoded = decodeAll(split(wire, cuts));
          expect(decoded).toEqual(
            frames.map(([r, b]) => ({
              ok: true,
              frame: { kind: 'route', route: r, body: JSON.parse(JSON.stringify(b)) as unknown },
            })),
          );
        },
      ),
    );
  });

  it('round-trips responses', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 200, max: 299 }),
        jsonObject,
        fc.integer({ min: 400, max: 599 }),
        fc.string(),
        (ok, body, code, message) => {
          const decoded = decodeAll([bytes(encodeResponse(ok, body) + encodeResponse(code, message))]);
          expect(decoded[0]).toEqual({
            ok: true,
            frame: { kind: 'response', status: ok, body: JSON.parse(JSON.stringify(body)) as unknown },
          });
          expect(decoded[1]).toMatchObject({ ok: true, frame: { kind: 'response', status: code } });
        },
      ),
    );
  });

  it('never throws on random bytes, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.array(fc.nat()), (data, cuts) => {
        expect(() => decodeAll(split(data, cuts))).not.toThrow();
      }),
    );
  });
});
