/** The Noise SymmetricState with SHA-256: chaining key, handshake hash, and HKDF as the spec defines it. */
import { createHash, createHmac } from 'node:crypto';
import { CipherState } from './cipher-state.js';

const HASH_LEN = 32;

export class SymmetricState {
  private ck: Buffer;
  private h: Buffer;
  private readonly cipher = new CipherState();

  constructor(protocolName: string) {
    const name = Buffer.from(protocolName, 'ascii');
    this.h =
      name.length <= HASH_LEN ? Buffer.concat([name, Buffer.alloc(HASH_LEN - name.length)]) : sha256(name);
    this.ck = this.h;
  }

  get handshakeHash(): Buffer {
    return this.h;
  }

  /** Whether a key has been mixed in yet (so an `s` token arrives encrypted, with its tag). */
  hasKeyForHandshake(): boolean {
    return this.cipher.hasKey();
  }

  mixKey(inputKeyMaterial: Uint8Array): void {
    const [ck, tempK] = hkdf2(this.ck, inputKeyMaterial);
    this.ck = ck;
    this.cipher.initializeKey(tempK);
  }

  mixHash(data: Uint8Array): void {
    this.h = sha256(Buffer.concat([this.h, data]));
  }

  encryptAndHash(plaintext: Uint8Array): Buffer {
    const ciphertext = this.cipher.encryptWithAd(this.h, plaintext);
    this.mixHash(ciphertext);
    return ciphertext;
  }

  decryptAndHash(ciphertext: Uint8Array): Buffer {
    const plaintext = this.cipher.decryptWithAd(this.h, ciphertext);
    this.mixHash(ciphertext);
    return plaintext;
  }

  /** The two transport ciphers: initiator to responder first. */
  split(): [CipherState, CipherState] {
    const [k1, k2] = hkdf2(this.ck, Buffer.alloc(0));
    const c1 = new CipherState();
    const c2 = new CipherState();
    c1.initializeKey(k1);
    c2.initializeKey(k2);
    return [c1, c2];
  }
}

function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function hmac(key: Uint8Array, data: Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HKDF(chaining_key, input_key_material, 2) of the Noise spec (section 4.3). */
function hkdf2(chainingKey: Uint8Array, inputKeyMaterial: Uint8Array): [Buffer, Buffer] {
  const tempKey = hmac(chainingKey, inputKeyMaterial);
  const output1 = hmac(tempKey, Buffer.from([0x01]));
  const output2 = hmac(tempKey, Buffer.concat([output1, Buffer.from([0x02])]));
  return [output1, output2];
}
