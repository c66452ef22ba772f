/**
 * The Noise CipherState for AESGCM: AES-256-GCM with a 96-bit nonce of 32 zero bits followed by
 * the 64-bit big-endian message counter, and a 128-bit tag appended to the ciphertext.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { NoiseError } from './noise-error.js';

export const TAG_BYTES = 16;

// Counters stay below 2^53 (a JS number), far beyond any chat; the spec's limit is 2^64 - 1.
const MAX_NONCE = Number.MAX_SAFE_INTEGER;

export class CipherState {
  private key: Buffer | undefined;
  private n = 0;

  initializeKey(key: Buffer | undefined): void {
    this.key = key;
    this.n = 0;
  }

  hasKey(): boolean {
    return this.key !== undefined;
  }

  encryptWithAd(ad: Uint8Array, plaintext: Uint8Array): Buffer {
    if (!this.key) return Buffer.from(plaintext);
    const cipher = createCipheriv('aes-256-gcm', this.key, this.nextNonce());
    cipher.setAAD(ad);
    return Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /** Throws NoiseError on a wrong tag; the counter then stays where it was, as the spec says. */
  decryptWithAd(ad: Uint8Array, ciphertext: Uint8Array): Buffer {
    if (!this.key) return Buffer.from(ciphertext);
    if (ciphertext.length < TAG_BYTES) throw new NoiseError('a message too short to hold its tag');
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonceBytes(this.n));
    decipher.setAAD(ad);
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([
        decipher.update(ciphertext.subarray(0, ciphertext.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new NoiseError('a message failed to decrypt (altered, replayed or out of order)');
    }
    this.nextNonce();
    return plaintext;
  }

  private nextNonce(): Buffer {
    if (this.n >= MAX_NONCE) throw new NoiseError('too many messages under one key');
    return nonceBytes(this.n++);
  }
}

function nonceBytes(n: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeBigUInt64BE(BigInt(n), 4);
  return nonce;
}
