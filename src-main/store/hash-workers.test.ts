import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HashQueueFullError, HashWorkers } from './hash-workers.js';

const job = (password: string) => ({
  password,
  salt: Buffer.from('0123456789abcdef'),
  keyLength: 32,
  N: 1024,
  r: 8,
  p: 1,
  maxmem: 64 * 1024 * 1024,
});

describe('HashWorkers', () => {
  it('derives the same key as scrypt on the calling thread, for concurrent jobs', async () => {
    const pool = new HashWorkers(2);
    const passwords = ['one', 'two', 'three', 'four', 'five'];
    const keys = await Promise.all(passwords.map((p) => pool.derive(job(p))));
    keys.forEach((key, i) => {
      const { password, salt, keyLength, N, r, p } = job(passwords[i] ?? '');
      expect(key.equals(scryptSync(password, salt, keyLength, { N, r, p }))).toBe(true);
    });
  });

  it('rejects a job with impossible parameters without losing the worker', async () => {
    const pool = new HashWorkers(1);
    await expect(pool.derive({ ...job('x'), N: 3 })).rejects.toThrow();
    expect((await pool.derive(job('y'))).length).toBe(32);
  });

  it('refuses new jobs once the queue is full', async () => {
    const pool = new HashWorkers(1, 2);
    const running = pool.derive(job('running'));
    const queued = [pool.derive(job('first')), pool.derive(job('second'))];
    await expect(pool.derive(job('one too many'))).rejects.toBeInstanceOf(HashQueueFullError);
    await Promise.all([running, ...queued]);
  });
});
