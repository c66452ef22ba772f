import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint, safetyGroups, safetyNumber } from './safety-number.js';
import { generateKeyPair } from './x25519.js';

interface SignalVectors {
  readonly alice_identity: string;
  readonly bob_identity: string;
  readonly alice_stable_id: string;
  readonly bob_stable_id: string;
  readonly displayable_fingerprint: string;
  readonly alice_scannable_fingerprint_v1: string;
  readonly bob_scannable_fingerprint_v1: string;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../tests/vectors/signal-fingerprint.json', import.meta.url), 'utf8'),
) as SignalVectors;
const alice = { id: vectors.alice_stable_id, publicKey: Buffer.from(vectors.alice_identity, 'hex') };
const bob = { id: vectors.bob_stable_id, publicKey: Buffer.from(vectors.bob_identity, 'hex') };

describe('safety numbers', () => {
  it("match libsignal's displayable fingerprint, from either side", () => {
    expect(safetyNumber(alice, bob)).toBe(vectors.displayable_fingerprint);
    expect(safetyNumber(bob, alice)).toBe(vectors.displayable_fingerprint);
  });

  it("match libsignal's scannable fingerprints (the digests' first 32 bytes, in its v1 protobuf)", () => {
    const scannable = (local: typeof alice, remote: typeof alice): string =>
      '08011222' +
      '0a20' +
      fingerprint(local).subarray(0, 32).toString('hex') +
      '1a22' +
      '0a20' +
      fingerprint(remote).subarray(0, 32).toString('hex');
    expect(scannable(alice, bob)).toBe(vectors.alice_scannable_fingerprint_v1);
    expect(scannable(bob, alice)).toBe(vectors.bob_scannable_fingerprint_v1);
  });

  it('take a raw X25519 key as Signal takes it with the 0x05 type byte', () => {
    const raw = { id: alice.id, publicKey: alice.publicKey.subarray(1) };
    expect(safetyNumber(raw, bob)).toBe(vectors.displayable_fingerprint);
  });

  it('show as 12 groups of 5 digits, and differ when a key or a name differs', () => {
    const mine = { id: 'alice', publicKey: generateKeyPair().publicKey };
    const theirs = { id: 'bob', publicKey: generateKeyPair().publicKey };
    const number = safetyNumber(mine, theirs);
    expect(safetyGroups(number)).toHaveLength(12);
    expect(safetyGroups(number).join('')).toBe(number);
    expect(safetyNumber(mine, { ...theirs, publicKey: generateKeyPair().publicKey })).not.toBe(number);
    expect(safetyNumber(mine, { ...theirs, id: 'bob2' })).not.toBe(number);
  });
});
