/**
 * Safety numbers as Signal computes them (libsignal rust/protocol/src/fingerprint.rs, the
 * displayable fingerprint): per side, SHA-512 over version 0x0000, the key, the identifier and the
 * key again, then 5199 more rounds of SHA-512(previous digest ‖ key); the first 30 bytes give six
 * 5-digit numbers (5 bytes big-endian, mod 100000). The two 30-digit halves are joined lower first,
 * so both sides show the same 60 digits.
 *
 * Signal's key is its serialized Curve25519 public key: the type byte 0x05 and the 32-byte X25519
 * u-coordinate. A Parley static key is that same u-coordinate, so it maps to 0x05 ‖ key, and the
 * identifier is the UTF-8 username.
 */
import { createHash } from 'node:crypto';

export const SAFETY_ITERATIONS = 5200;
const DJB_TYPE = 0x05;

export interface SafetyParty {
  /** The identifier hashed with the key: a Parley username (Signal hashes a phone number or ACI). */
  readonly id: string;
  /** The 32-byte X25519 public key, or Signal's 33-byte serialized form (0x05 first). */
  readonly publicKey: Uint8Array;
}

/** The 60 digits both sides see. */
export function safetyNumber(
  local: SafetyParty,
  remote: SafetyParty,
  iterations = SAFETY_ITERATIONS,
): string {
  const a = displayHalf(fingerprint(local, iterations));
  const b = displayHalf(fingerprint(remote, iterations));
  return a < b ? a + b : b + a;
}

/** 60 digits as 12 groups of 5, the way Signal shows them. */
export function safetyGroups(digits: string): string[] {
  return digits.match(/\d{5}/g) ?? [];
}

/** One side's iterated digest (64 bytes); the scannable form uses its first 32. */
export function fingerprint(party: SafetyParty, iterations = SAFETY_ITERATIONS): Buffer {
  const key = serializedKey(party.publicKey);
  let digest = createHash('sha512')
    .update(Buffer.from([0, 0]))
    .update(key)
    .update(Buffer.from(party.id, 'utf8'))
    .update(key)
    .digest();
  for (let round = 1; round < iterations; round++)
    digest = createHash('sha512').update(digest).update(key).digest();
  return digest;
}

function serializedKey(publicKey: Uint8Array): Buffer {
  if (publicKey.length === 33 && publicKey[0] === DJB_TYPE) return Buffer.from(publicKey);
  if (publicKey.length !== 32) throw new Error('a safety number needs a 32-byte X25519 public key');
  return Buffer.concat([Buffer.from([DJB_TYPE]), publicKey]);
}

function displayHalf(digest: Buffer): string {
  let text = '';
  for (let chunk = 0; chunk < 6; chunk++) {
    const value = digest.readUIntBE(chunk * 5, 5) % 100_000;
    text += String(value).padStart(5, '0');
  }
  return text;
}
