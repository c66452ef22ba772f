/** What counts as mentioning a user in a room message. */
import { describe, expect, it } from 'vitest';
import { mentions } from './conversation-service.js';

describe('mentions', () => {
  it('finds @name as a word, not inside a longer name or an address', () => {
    expect(mentions('hi @bob', 'bob')).toBe(true);
    expect(mentions('@bob, look', 'bob')).toBe(true);
    expect(mentions('(@bob)', 'bob')).toBe(true);
    expect(mentions('hi @bobby', 'bob')).toBe(false);
    expect(mentions('mail bob@bob.example', 'bob')).toBe(false);
    expect(mentions('hi bob', 'bob')).toBe(false);
    expect(mentions('hi @b.o', 'b.o')).toBe(true);
    expect(mentions('hi @bxo', 'b.o')).toBe(false);
  });
});
