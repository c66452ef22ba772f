import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';

const isBase64 = (text: string): boolean => decodeBase64(text) !== undefined;

const REGEX = /^[A-Za-z0-9+/]*={0,2}$/;

describe('decodeBase64', () => {
  it('agrees with the base64 regex on strings over the alphabet, padding and intruders', () => {
    const char = fc.constantFrom(...'ABCxyz019+/=-_ \n.\u00e9'.split(''));
    fc.assert(
      fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
        const text = chars.join('');
        // The regex takes any length; a length of 4n+1 (never what an encoder writes) is refused here.
        if (REGEX.test(text) && text.replace(/=+$/, '').length % 4 === 1) return;
        expect(isBase64(text)).toBe(REGEX.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes what Node encodes, padded or not, and a whole chunk', () => {
    for (let n = 0; n < 40; n++) {
      const encoded = randomBytes(n).toString('base64');
      expect(isBase64(encoded)).toBe(true);
      expect(isBase64(encoded.replace(/=+$/, ''))).toBe(true);
    }
    expect(isBase64(randomBytes(32 * 1024).toString('base64'))).toBe(true);
    expect(isBase64(`${randomBytes(300).toString('base64')}!`)).toBe(false);
    const bytes = randomBytes(1000);
    expect(decodeBase64(bytes.toString('base64'))).toEqual(bytes);
  });
});
