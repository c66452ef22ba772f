import { describe, expect, it } from 'vitest';
import { completeMention, matchingNames, mentionQueryAt } from './mention-query.js';

describe('mentionQueryAt', () => {
  it('finds the @name being typed at the caret', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, typed: '' });
    expect(mentionQueryAt('hi @bo', 6)).toEqual({ start: 3, typed: 'bo' });
    expect(mentionQueryAt('(@b.o', 5)).toEqual({ start: 1, typed: 'b.o' });
    expect(mentionQueryAt('hi @bob and', 7)).toEqual({ start: 3, typed: 'bob' });
  });

  it('is not a mention in an address, after a space, or with nothing typed yet', () => {
    expect(mentionQueryAt('bob@ho', 6)).toBeUndefined();
    expect(mentionQueryAt('hi @bob and', 11)).toBeUndefined();
    expect(mentionQueryAt('hello', 5)).toBeUndefined();
    expect(mentionQueryAt('', 0)).toBeUndefined();
  });
});

describe('matchingNames', () => {
  it('puts names that start with the typed text first, in any case', () => {
    expect(matchingNames(['carol', 'bob', 'abby', 'Bobby'], 'b')).toEqual(['bob', 'Bobby', 'abby']);
    expect(matchingNames(['carol', 'bob'], '')).toEqual(['carol', 'bob']);
    expect(matchingNames(['carol', 'bob'], 'z')).toEqual([]);
    expect(matchingNames(['a1', 'a2', 'a3'], 'a', 2)).toEqual(['a1', 'a2']);
  });
});

describe('completeMention', () => {
  it('replaces the query with @name and a space, the caret after it', () => {
    const text = 'hi @bo';
    expect(completeMention(text, 6, { start: 3, typed: 'bo' }, 'bob')).toEqual({
      text: 'hi @bob ',
      caret: 8,
    });
    expect(completeMention('@c look', 2, { start: 0, typed: 'c' }, 'carol')).toEqual({
      text: '@carol look',
      caret: 7,
    });
  });
});
