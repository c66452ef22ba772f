import { describe, expect, it } from 'vitest';
import { mentionRanges, mentions } from './mentions.js';

describe('mentions', () => {
  it('finds @name as a whole word, in any case', () => {
    expect(mentions('@alice look', 'alice')).toBe(true);
    expect(mentions('hey @Alice!', 'alice')).toBe(true);
    expect(mentions('thanks @alice.', 'alice')).toBe(true);
    expect(mentions('(@alice)', 'alice')).toBe(true);
  });

  it('does not count another name, an address or the bare name', () => {
    expect(mentions('@alicia', 'alice')).toBe(false);
    expect(mentions('@alice.smith', 'alice')).toBe(false);
    expect(mentions('@alice_2', 'alice')).toBe(false);
    expect(mentions('mail bob@alice.org', 'alice')).toBe(false);
    expect(mentions('alice', 'alice')).toBe(false);
    expect(mentions('x@alice @alice', 'alice')).toBe(true);
  });
});

describe('mentionRanges', () => {
  it('gives where each mention stands, for highlighting', () => {
    expect(mentionRanges('@Alice and @alice.', 'alice')).toEqual([
      [0, 6],
      [11, 17],
    ]);
    expect(mentionRanges('@alicia bob@alice', 'alice')).toEqual([]);
    expect(mentionRanges('anything', '')).toEqual([]);
  });
});
