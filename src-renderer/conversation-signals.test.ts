/** The words of the typing line and of "Seen by", and where the "New messages" divider goes. */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../src-shared/api/index.js';
import { listWords, seenBy } from './seen-by-words.js';
import { firstUnreadId } from './first-unread.js';
import { typingWords } from './typing-words.js';

function message(id: string, direction: 'in' | 'out', extra: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    kind: 'room',
    direction,
    from: direction === 'in' ? 'bob' : 'ann',
    room: 'team',
    text: id,
    ts: 1,
    state: 'delivered',
    ...extra,
  };
}

describe('typing words', () => {
  it('names one or two, then says several', () => {
    expect(typingWords([])).toEqual({ kind: 'none' });
    expect(typingWords(['bob'])).toEqual({ kind: 'one', names: ['bob'] });
    expect(typingWords(['bob', 'carol'])).toEqual({ kind: 'two', names: ['bob', 'carol'] });
    expect(typingWords(['bob', 'carol', 'dan'])).toEqual({ kind: 'several' });
  });
});

describe('seen by', () => {
  it('joins every source, once each, never the author, only at or past the seq', () => {
    const names = seenBy(5, 'ann', {
      readBy: ['carol'],
      positions: [{ ann: 9, bob: 5, carol: 7, dan: 4 }, { dan: 6 }, undefined],
    });
    expect(names).toEqual(['bob', 'carol', 'dan']);
    expect(seenBy(5, 'ann', { readBy: undefined, positions: [{ bob: 4 }] })).toEqual([]);
  });

  it('says a list as a sentence', () => {
    expect(listWords(['bob'])).toBe('bob');
    expect(listWords(['bob', 'carol'])).toBe('bob and carol');
    expect(listWords(['bob', 'carol', 'dan'])).toBe('bob, carol and dan');
  });
});

describe('first unread', () => {
  it('counts back over received messages only, skipping quiet lines and blocked placeholders', () => {
    const messages = [
      message('1', 'in'),
      message('2', 'in'),
      message('join', 'in', { notice: { type: 'member', user: 'dan', change: 'join' } }),
      message('mine', 'out'),
      message('3', 'in', { blocked: true }),
      message('4', 'in'),
    ];
    expect(firstUnreadId(messages, 1)).toBe('4');
    expect(firstUnreadId(messages, 2)).toBe('2');
    // More unread than loaded: the oldest loaded one.
    expect(firstUnreadId(messages, 10)).toBe('1');
    expect(firstUnreadId(messages, 0)).toBeUndefined();
  });
});
