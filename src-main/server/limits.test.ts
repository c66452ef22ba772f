import { describe, expect, it } from 'vitest';
import { TokenBucket } from './limits.js';
import { normalizeAddress } from './session.js';

describe('TokenBucket', () => {
  it('lets a burst of twice the rate through, then refuses until tokens are earned back', () => {
    const bucket = new TokenBucket(5, 0);
    const taken = Array.from({ length: 12 }, () => bucket.take(0));
    expect(taken.filter(Boolean)).toHaveLength(10);
    expect(bucket.take(199)).toBe(false);
    expect(bucket.take(200)).toBe(true);
  });

  it('holds a refused client off until it has earned back what it was refused, at most a burst', () => {
    const bucket = new TokenBucket(5, 0);
    for (let i = 0; i < 10; i++) bucket.take(0);
    expect(bucket.holdOffMs()).toBe(0);
    bucket.take(0);
    expect(bucket.holdOffMs()).toBe(200); // one token at 5 per second
    bucket.take(0);
    expect(bucket.holdOffMs()).toBe(400);
    for (let i = 0; i < 100; i++) bucket.take(0);
    expect(bucket.holdOffMs()).toBe(2_000); // a full burst of 10
    expect(bucket.take(2_000)).toBe(true);
    expect(bucket.holdOffMs()).toBe(0);
  });

  it('never holds anyone off when the limit is off', () => {
    const bucket = new TokenBucket(0, 0);
    for (let i = 0; i < 1_000; i++) expect(bucket.take(0)).toBe(true);
    expect(bucket.holdOffMs()).toBe(0);
  });
});

describe('normalizeAddress', () => {
  it('gives the per-address limit one key for every form of an address', () => {
    expect(normalizeAddress('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeAddress('192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeAddress('::1')).toBe('::1');
    expect(normalizeAddress(undefined)).toBe('unknown');
    expect(normalizeAddress('')).toBe('unknown');
  });
});
