import { describe, expect, it } from 'vitest';
import { isMuted, withMute } from './mutes.js';

describe('mutes per account', () => {
  const alice = 'this-computer/alice';
  const bob = 'this-computer/bob';
  const elsewhere = 'chat.example:5000/alice';

  it('mutes a conversation for one account only', () => {
    const list = withMute([], alice, 'room:team', true);
    expect(isMuted(list, alice, 'room:team')).toBe(true);
    expect(isMuted(list, bob, 'room:team')).toBe(false);
    expect(isMuted(list, elsewhere, 'room:team')).toBe(false);
    expect(isMuted(list, alice, 'room:other')).toBe(false);
    expect(isMuted(list, undefined, 'room:team')).toBe(false);
  });

  it('unmutes, also an entry written before mutes had an account', () => {
    const list = withMute(withMute([], alice, 'room:team', true), bob, 'room:team', true);
    const after = withMute(list, alice, 'room:team', false);
    expect(isMuted(after, alice, 'room:team')).toBe(false);
    expect(isMuted(after, bob, 'room:team')).toBe(true);
    expect(isMuted(['direct:bob'], alice, 'direct:bob')).toBe(true);
    expect(withMute(['direct:bob'], alice, 'direct:bob', false)).toEqual([]);
  });

  it('muting twice keeps one entry', () => {
    const once = withMute([], alice, 'direct:bob', true);
    expect(withMute(once, alice, 'direct:bob', true)).toEqual(once);
  });
});
