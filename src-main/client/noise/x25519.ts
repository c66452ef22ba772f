/**
 * X25519 on node:crypto with raw 32-byte keys, as Noise and the test vectors write them. Node takes
 * keys only as KeyObjects, so raw bytes go through fixed DER wrappings (RFC 8410): PKCS#8 for a
 * private key, SPKI for a public one. The same code runs on Electron's BoringSSL.
 */
import {
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { NoiseError } from './noise-error.js';

export const KEY_BYTES = 32;

const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

export interface KeyPair {
  readonly privateKey: Buffer;
  readonly publicKey: Buffer;
}

export function generateKeyPair(): KeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  return keyPairFromPrivate(rawPrivate(privateKey));
}

/** The key pair of a raw private key (any 32 bytes: X25519 clamps them itself). */
export function keyPairFromPrivate(privateKey: Uint8Array): KeyPair {
  if (privateKey.length !== KEY_BYTES) throw new NoiseError('an X25519 private key has 32 bytes');
  const key = privateKeyObject(privateKey);
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return { privateKey: Buffer.from(privateKey), publicKey: Buffer.from(spki.subarray(SPKI_PREFIX.length)) };
}

/**
 * DH(private, public) of the Noise spec. A peer's low-order public key (the all-zero point among
 * them) makes the shared secret all zero, which would let that peer fix our keys: abort instead.
 * OpenSSL and BoringSSL already fail such a derivation; the zero check holds whichever answers.
 */
export function dh(privateKey: Uint8Array, publicKey: Uint8Array): Buffer {
  if (publicKey.length !== KEY_BYTES) throw new NoiseError('an X25519 public key has 32 bytes');
  let shared: Buffer;
  try {
    shared = diffieHellman({
      privateKey: privateKeyObject(privateKey),
      publicKey: publicKeyObject(publicKey),
    });
  } catch {
    throw new NoiseError('the peer sent an invalid (low-order) public key');
  }
  if (shared.every((byte) => byte === 0))
    throw new NoiseError('the peer sent an invalid (low-order) public key');
  return shared;
}

function privateKeyObject(raw: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawPrivate(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(der.subarray(PKCS8_PREFIX.length));
}
