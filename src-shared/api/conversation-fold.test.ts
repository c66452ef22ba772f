import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeMessages, foldRelations, mergeMessages, orderRelations } from './conversation-fold.js';
import type { ChatMessage } from './model.js';
import { relation, type Relation } from './relations.js';

function received(id: string, ts: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    kind: 'direct',
    direction: 'in',
    from: 'bob',
    to: 'alice',
    text: `text ${id}`,
    ts,
    state: 'delivered',
    ...extra,
  };
}

function sent(id: string, ts: number, extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    kind: 'direct',
    direction: 'out',
    from: 'alice',
    to: 'bob',
    text: `mine ${id}`,
    ts,
    state: 'delivered',
    ...extra,
  };
}

function inRoom(id: string, seq: number, from: string): ChatMessage {
  return {
    id,
    kind: 'room',
    room: 'ops',
    direction: 'in',
    from,
    text: `room ${id}`,
    ts: seq * 10,
    seq,
    state: 'delivered',
  };
}

describe('mergeMessages', () => {
  it('keeps each message once, the newer copy winning, oldest first', () => {
    const current = [received('a', 1), sent('local-1', 2, { state: 'sending' }), received('c', 5)];
    const incoming = [received('b', 3), sent('local-1', 2, { state: 'delivered' }), received('a', 1)];
    const merged = mergeMessages(current, incoming);
    expect(merged.map((m) => m.id)).toEqual(['a', 'local-1', 'b', 'c']);
    expect(merged.find((m) => m.id === 'local-1')?.state).toBe('delivered');
  });

  it('returns the incoming array itself when it already holds everything', () => {
    const incoming = [received('a', 1), received('b', 2)];
    expect(mergeMessages([received('a', 1)], incoming)).toBe(incoming);
  });

  it('treats two received copies with one seq as one message, and a peer reusing an own id as another', () => {
    const merged = mergeMessages(
      [received('x', 1, { seq: 7 })],
      [received('y', 1, { seq: 7 }), sent('x', 2)],
    );
    expect(merged.map((m) => `${m.direction}:${m.id}`)).toEqual(['in:y', 'out:x']);
    expect(dedupeMessages([received('a', 1), received('a', 1, { text: 'again' })])).toEqual([
      received('a', 1, { text: 'again' }),
    ]);
  });

  it('keeps arrival order on a time tie between a received and an own message', () => {
    const mine = sent('s', 5);
    const theirs = received('r', 5, { seq: 2 });
    expect(mergeMessages([received('q', 1, { seq: 1 }), theirs], [mine]).map((m) => m.id)).toEqual([
      'q',
      'r',
      's',
    ]);
  });

  it('orders room messages by seq when their times tie', () => {
    const a = { ...inRoom('a', 2, 'bob'), ts: 5 };
    const b = { ...inRoom('b', 1, 'carol'), ts: 5 };
    expect(mergeMessages([a], [b]).map((m) => m.id)).toEqual(['b', 'a']);
  });
});

describe('foldRelations', () => {
  const messages = [received('m1', 1), sent('s1', 2), sent('s2', 3), received('m2', 4)];

  it('shows the newest edit with "edited", and only the author edits a direct message', () => {
    const folded = foldRelations(messages, [
      { type: 'edit', id: 'm1', from: 'bob', text: 'second', ts: 20, seq: 3 },
      { type: 'edit', id: 'm1', from: 'bob', text: 'first', ts: 10, seq: 2 },
      { type: 'edit', id: 'm2', from: 'mallory', text: 'forged', ts: 30 },
    ]);
    expect(folded[0]).toMatchObject({ text: 'second', edited: true });
    expect(folded[3]).toBe(messages[3]);
    expect(folded[1]).toBe(messages[1]);
  });

  it('turns a delete into a tombstone that nothing applies to afterwards', () => {
    const folded = foldRelations(messages, [
      { type: 'reaction', id: 'm1', from: 'alice', emoji: '👍', on: true, ts: 5 },
      { type: 'edit', id: 'm1', from: 'bob', text: 'edited', ts: 6 },
      { type: 'delete', id: 'm1', from: 'bob', ts: 7 },
      { type: 'edit', id: 'm1', from: 'bob', text: 'after', ts: 8 },
      { type: 'delete', id: 'm2', from: 'alice', ts: 9 },
    ]);
    expect(folded[0]).toEqual({ ...received('m1', 1), text: '', deleted: true });
    // Only bob may delete bob's direct message.
    expect(folded[3]).toBe(messages[3]);
  });

  it('counts reactions per emoji with who, taking one back, repeating one a no-op', () => {
    const r = (from: string, emoji: string, on: boolean, ts: number): Relation => ({
      type: 'reaction',
      id: 's1',
      from,
      emoji,
      on,
      ts,
    });
    const folded = foldRelations(messages, [
      r('bob', '👍', true, 1),
      r('bob', '👍', true, 2),
      r('carol', '👍', true, 3),
      r('bob', '🎉', true, 4),
      r('carol', '👍', false, 5),
      r('carol', '😮', false, 6),
    ]);
    expect(folded[1]?.reactions).toEqual([
      { emoji: '👍', users: ['bob'] },
      { emoji: '🎉', users: ['bob'] },
    ]);
  });

  it('marks own direct messages read up to the one named, inclusive, at the first receipt', () => {
    const folded = foldRelations(messages, [
      { type: 'read', from: 'bob', upTo: 's1', ts: 50, seq: 9 },
      { type: 'read', from: 'bob', upTo: 's2', ts: 60, seq: 10 },
      { type: 'read', from: 'bob', upTo: 'unknown', ts: 70 },
    ]);
    expect(folded[1]).toMatchObject({ readBy: ['bob'], readAt: 50 });
    expect(folded[2]).toMatchObject({ readBy: ['bob'], readAt: 60 });
    expect(folded[0]?.readBy).toBeUndefined();
  });

  it('gives room messages the members whose read position passed them, never their author', () => {
    const room = [inRoom('r1', 1, 'alice'), inRoom('r2', 2, 'bob'), inRoom('r3', 3, 'alice')];
    const folded = foldRelations(room, [
      { type: 'read', room: 'ops', from: 'bob', upTo: 3 },
      { type: 'read', room: 'ops', from: 'carol', upTo: 2 },
      { type: 'read', room: 'ops', from: 'carol', upTo: 1 },
      { type: 'delete', room: 'ops', id: 'r2', from: 'alice', ts: 99, seq: 5 },
    ]);
    expect(folded.map((m) => m.readBy ?? [])).toEqual([['bob', 'carol'], ['carol'], ['bob']]);
    // The room's owner (alice) deleted bob's message: the server allowed it, so it stands.
    expect(folded[1]).toMatchObject({ deleted: true, text: '' });
  });

  it('drops repeated relations by their stream seq', () => {
    const twice: Relation = { type: 'reaction', id: 'm1', from: 'bob', emoji: '👍', on: true, ts: 1, seq: 4 };
    const off: Relation = { type: 'reaction', id: 'm1', from: 'bob', emoji: '👍', on: false, ts: 2, seq: 5 };
    expect(orderRelations([twice, off, twice])).toEqual([twice, off]);
  });

  it('gives one result whatever order the relations arrive in', () => {
    const arb = fc.array(
      fc.oneof(
        fc.record({
          type: fc.constant('edit' as const),
          id: fc.constantFrom('m1', 's1'),
          from: fc.constantFrom('bob', 'alice'),
          text: fc.string(),
          ts: fc.nat(),
        }),
        fc.record({
          type: fc.constant('delete' as const),
          id: fc.constantFrom('m1', 's1'),
          from: fc.constantFrom('bob', 'alice'),
          ts: fc.nat(),
        }),
        fc.record({
          type: fc.constant('reaction' as const),
          id: fc.constantFrom('m1', 's1'),
          from: fc.constantFrom('bob', 'carol'),
          emoji: fc.constantFrom('👍', '🎉'),
          on: fc.boolean(),
          ts: fc.nat(),
        }),
        fc.record({
          type: fc.constant('read' as const),
          from: fc.constant('bob'),
          upTo: fc.constantFrom('s1', 's2'),
          ts: fc.nat(),
        }),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(arb, fc.func(fc.integer()), (list, rank) => {
        // Distinct times and seqs make "the order they happened" unambiguous.
        const relations = list.map((r, i) => relation.parse({ ...r, ts: i, seq: i + 1 }));
        const shuffled = [...relations].sort((a, b) => rank(a.ts) - rank(b.ts));
        expect(foldRelations(messages, shuffled)).toEqual(foldRelations(messages, relations));
      }),
    );
  });
});
