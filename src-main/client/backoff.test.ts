import { describe, expect, it } from 'vitest';
import { backoffDelay, retryWithBackoff } from './backoff.js';

describe('backoff', () => {
  it('doubles the delay up to the maximum', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options))).toEqual([100, 200, 400, 500, 500]);
  });

  it('retries until an attempt succeeds', async () => {
    const seen: number[] = [];
    const result = await retryWithBackoff(
      (n) => {
        seen.push(n);
        return n < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve('up');
      },
      { initialDelayMs: 1, jitter: false },
    );
    expect(result).toBe('up');
    expect(seen).toEqual([1, 2, 3]);
  });

  it('gives up on a final error or when attempts run out', async () => {
    let calls = 0;
    const final = retryWithBackoff(
      () => {
        calls++;
        return Promise.reject(new Error('wrong password'));
      },
      { initialDelayMs: 1, shouldRetry: () => false },
    );
    await expect(final).rejects.toThrow('wrong password');
    expect(calls).toBe(1);
    await expect(
      retryWithBackoff(() => Promise.reject(new Error('down')), { initialDelayMs: 1, maxAttempts: 3 }),
    ).rejects.toThrow('down');
  });
});
