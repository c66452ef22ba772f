import { describe, expect, it } from 'vitest';
import { FAST_SCRYPT, hashPassword, OWASP_SCRYPT, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('hashes with OWASP scrypt parameters by default, salted, and verifies', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')]);
    expect(a).toMatch(new RegExp(`^scrypt\\$${OWASP_SCRYPT.N}\\$8\\$1\\$`));
    expect(a).not.toBe(b); // a fresh salt every time
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('correct horsf', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, so they can be raised later', async () => {
    const fast = await hashPassword('pa55word!', FAST_SCRYPT);
    expect(fast.split('$')[1]).toBe(String(FAST_SCRYPT.N));
    expect(await verifyPassword('pa55word!', fast)).toBe(true);
  });

  it('rejects malformed or hostile hash strings instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1e9$8$1$AAAA$AAAA')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$AAAA$AAAA`)).toBe(false);
  });

  it('does not block the event loop while hashing', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await hashPassword('some password', OWASP_SCRYPT);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
