/** The pacing of read receipts and typing (protocol 1.2), on Vitest's fake clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReceiptSender, TypingExpiry, TypingSender } from './conversation-signals.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ReceiptSender', () => {
  it('sends at most one per conversation per second, the newest position when the second is up', async () => {
    const sent: [string, number][] = [];
    const receipts = new ReceiptSender<number>((key, upTo) => {
      sent.push([key, upTo]);
      return Promise.resolve();
    });
    receipts.submit('room:a', 1);
    receipts.submit('room:a', 2);
    receipts.submit('room:a', 3);
    receipts.submit('room:b', 7);
    expect(sent).toEqual([
      ['room:a', 1],
      ['room:b', 7],
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.at(-1)).toEqual(['room:a', 3]);
    receipts.clear();
  });
});

describe('TypingSender', () => {
  it('repeats true at most every 3 s and sends false once', async () => {
    const sent: boolean[] = [];
    const typing = new TypingSender((_key, active) => {
      sent.push(active);
      return Promise.resolve();
    });
    await typing.set('direct:bob', false);
    await typing.set('direct:bob', true);
    await typing.set('direct:bob', true);
    vi.advanceTimersByTime(2999);
    await typing.set('direct:bob', true);
    vi.advanceTimersByTime(1);
    await typing.set('direct:bob', true);
    await typing.set('direct:bob', false);
    await typing.set('direct:bob', false);
    expect(sent).toEqual([true, true, false]);
  });
});

describe('TypingExpiry', () => {
  it('ends a true after 6 s unless repeated, and tells a repeat only once', () => {
    const seen: string[] = [];
    const expiry = new TypingExpiry((key, from, active) => seen.push(`${key} ${from} ${active}`));
    expiry.apply('room:a', 'bob', true);
    vi.advanceTimersByTime(5000);
    expiry.apply('room:a', 'bob', true);
    vi.advanceTimersByTime(5999);
    expect(seen).toEqual(['room:a bob true']);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['room:a bob true', 'room:a bob false']);
    expiry.apply('direct:cat', 'cat', true);
    expiry.clear();
    expect(seen.at(-1)).toBe('direct:cat cat false');
  });
});
