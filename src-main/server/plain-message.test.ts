import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFrame, requestSchemas, type DecodeResult } from '../../src-shared/protocol/index.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import { directMessageFrame, encodedDirectMessage } from './delivery.js';
import { parsePlainMessage, parseRequestLine } from './plain-message.js';

const fx = useServerFixture();

/** What the general path makes of a line: the frame, then the body as the schema checks it. */
function generalPath(line: string): { route: string; body: unknown } | 'rejected' {
  const result = parseFrame(line);
  if (!result.ok || result.frame.kind !== 'route') return 'rejected';
  if (result.frame.route !== 'message') return { route: result.frame.route, body: result.frame.body };
  const checked = requestSchemas.message.safeParse(result.frame.body);
  return checked.success ? { route: 'message', body: checked.data } : 'rejected';
}

/** The fast path's frame, its body as the schema would leave it; its textJson must be the text's JSON. */
function fastPath(result: DecodeResult | undefined): { route: string; body: unknown } | undefined {
  if (result === undefined || !result.ok || result.frame.kind !== 'route') return undefined;
  const { textJson, ...body } = result.frame.body;
  expect(textJson).toBe(JSON.stringify(body['text']));
  return { route: result.frame.route, body };
}

// Names near the valid alphabet (and outside it), texts of any code units, quotes and escapes included.
const name = fc.string({
  unit: fc.constantFrom('a', 'Z', '0', '_', '.', '-', ' ', '"', '\\', 'é'),
  maxLength: 40,
});
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('x', '"', '\\', '\n', '\t', '\u2028', '😀'), maxLength: 30 }),
  fc.constant('y'.repeat(4001)),
);

function needsNoEscape(text: string): boolean {
  for (const char of text) if (char < ' ' || char === '"' || char === '\\') return false;
  return true;
}

describe('the direct-message fast path', () => {
  it('agrees with the general parser and schema on every line it takes', () => {
    fc.assert(
      fc.property(name, text, fc.constantFrom('', ' ', '\r', ',"x":1'), (to, body, noise) => {
        const json = JSON.stringify({ to, text: body });
        for (const line of [
          `[message] ${json}`,
          `[message] ${json.slice(0, -1)}${noise}}`,
          `[message] {"to":"${to}","text":"${body}"}`,
        ]) {
          const fast = fastPath(parsePlainMessage(line));
          if (fast !== undefined) expect(fast).toEqual(generalPath(line));
        }
      }),
    );
  });

  it('takes every canonical message whose text needs no escaping', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/),
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter(needsNoEscape),
        (to, body) => {
          const line = `[message] ${JSON.stringify({ to, text: body })}`;
          expect(fastPath(parsePlainMessage(line))).toEqual({ route: 'message', body: { to, text: body } });
        },
      ),
    );
  });

  it('leaves other routes, escapes and invalid bodies to the general parser', () => {
    const lines = [
      '[broadcast] {"text":"hi"}',
      '[message] {"text":"hi","to":"bob"}',
      '[message] {"to":"bob","text":"say \\"hi\\""}',
      '[message] {"to":"bob","text":""}',
      '[message] {"to":"b o b","text":"hi"}',
      '[message] {"to":"bob","text":"hi"}\r',
    ];
    for (const line of lines) {
      expect(parsePlainMessage(line)).toBeUndefined();
      expect(parseRequestLine(line)).toEqual(parseFrame(line));
    }
  });
});

describe('the hand-built direct-message push', () => {
  it('is byte for byte the shared encoder’s frame, seq included', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,20}\.[0-9]{1,6}$/),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.stringMatching(/^[A-Za-z0-9_.-]{1,32}$/),
        text,
        fc.integer({ min: 0, max: 2 ** 45 }),
        (id, seq, from, body, ts) => {
          expect(directMessageFrame(id, seq, from, JSON.stringify(body), ts)).toBe(
            encodedDirectMessage(id, seq, from, body, ts),
          );
        },
      ),
    );
  });

  it('gives the recipient the same push whichever path parsed the request', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    ann.sendRaw('[message] {"to":"bob","text":"same"}\n'); // fast path
    ann.sendRaw('[message] {"text":"same","to":"bob"}\n'); // general path (field order)
    const [fast, general] = [await bob.push('message'), await bob.push('message')];
    const strip = ({ id: _id, seq: _seq, ts: _ts, ...rest }: Record<string, unknown>) => rest;
    expect(strip(fast)).toEqual(strip(general));
    expect([fast.seq, general.seq]).toEqual([1, 2]);
  });
});
