import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BROADCAST,
  BROADCAST_KEY,
  directKey,
  formatKey,
  keyFor,
  keyOf,
  kindOf,
  parseKey,
  peerOf,
  privateKey,
  roomKey,
  roomOf,
  type ConversationKey,
} from './conversation-key.js';

const userChars = 'ABCXYZabcxyz0189_.-'.split('');
const roomChars = 'abcxyz0189_-'.split('');
const username = fc
  .array(fc.constantFrom(...userChars), { minLength: 1, maxLength: 32 })
  .map((a) => a.join(''));
const roomName = fc
  .array(fc.constantFrom(...roomChars), { minLength: 1, maxLength: 32 })
  .map((a) => a.join(''));

const anyKey: fc.Arbitrary<ConversationKey> = fc.oneof(
  fc.constant(BROADCAST),
  username.map(directKey),
  username.map(privateKey),
  roomName.map(roomKey),
);

describe('ConversationKey', () => {
  it('round-trips every key through its string form', () => {
    fc.assert(
      fc.property(anyKey, (key) => {
        const text = formatKey(key);
        expect(parseKey(text)).toEqual(key);
        expect(kindOf(text)).toBe(key.kind);
        expect(formatKey(parseKey(text) as ConversationKey)).toBe(text);
      }),
    );
  });

  it('gives different keys different string forms', () => {
    fc.assert(
      fc.property(anyKey, anyKey, (a, b) => {
        expect(formatKey(a) === formatKey(b)).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
  });

  it('parses back only what formatKey could have made', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const key = parseKey(text);
        if (key !== undefined) expect(formatKey(key)).toBe(text);
      }),
    );
    for (const bad of [
      '',
      'bob',
      'direct:',
      'direct:a:b',
      'room:Big',
      'room:',
      'group:x',
      '#everyone',
      'private:a b',
    ])
      expect(parseKey(bad)).toBeUndefined();
  });

  it('files a message under the other side of its conversation', () => {
    const base = { from: 'bob', direction: 'in' as const };
    expect(keyOf({ ...base, kind: 'direct', to: 'alice' })).toBe('direct:bob');
    expect(keyOf({ from: 'alice', direction: 'out', kind: 'direct', to: 'bob' })).toBe('direct:bob');
    expect(keyOf({ from: 'alice', direction: 'out', kind: 'private', to: 'bob' })).toBe('private:bob');
    expect(keyOf({ ...base, kind: 'broadcast' })).toBe(BROADCAST_KEY);
    expect(keyOf({ ...base, kind: 'room', room: 'ops' })).toBe('room:ops');
    expect(keyFor('room', 'ops')).toBe('room:ops');
    expect(keyFor('direct', 'bob')).toBe('direct:bob');
    expect(keyFor('broadcast', undefined)).toBe(BROADCAST_KEY);
  });

  it('names the peer or the room', () => {
    expect(peerOf('direct:bob')).toBe('bob');
    expect(peerOf('private:bob')).toBe('bob');
    expect(peerOf(BROADCAST_KEY)).toBeUndefined();
    expect(peerOf('room:ops')).toBeUndefined();
    expect(roomOf('room:ops')).toBe('ops');
    expect(roomOf('direct:ops')).toBeUndefined();
  });
});
