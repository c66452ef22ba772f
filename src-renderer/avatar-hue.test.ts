import { describe, expect, it } from 'vitest';
import { HUES, hueOf } from './avatar-hue.js';

describe('hueOf', () => {
  it('gives names that differ only in case different hues', () => {
    for (const [a, b] of [
      ['Bob', 'bob'],
      ['alice', 'Alice'],
      ['ALICE', 'alice'],
      ['Carol', 'CAROL'],
      ['x', 'X'],
    ] as const) {
      expect(hueOf(a), `${a} / ${b}`).not.toBe(hueOf(b));
    }
  });

  it('is stable and in range', () => {
    expect(hueOf('bob')).toBe(hueOf('bob'));
    for (const name of ['', 'a', 'bob', 'Zoë', 'user_123', '...']) {
      expect(hueOf(name)).toBeGreaterThanOrEqual(0);
      expect(hueOf(name)).toBeLessThan(HUES);
    }
  });

  it('spreads ordinary names over every hue', () => {
    const used = new Set(Array.from({ length: 200 }, (_, i) => hueOf(`user${i}`)));
    expect(used.size).toBe(HUES);
  });
});
