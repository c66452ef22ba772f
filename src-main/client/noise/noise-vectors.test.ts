import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CipherState } from './cipher-state.js';
import { HandshakeState, PROTOCOL_NAME } from './handshake-state.js';
import { keyPairFromPrivate } from './x25519.js';

interface Vector {
  readonly source: string;
  readonly protocol_name: string;
  readonly init_prologue: string;
  readonly init_static: string;
  readonly init_ephemeral: string;
  readonly resp_prologue: string;
  readonly resp_static: string;
  readonly resp_ephemeral: string;
  readonly handshake_hash?: string;
  /** Cacophony alternates senders through the transport messages too; flynn/noise starts them again from the initiator. */
  readonly transport_first?: 'initiator';
  readonly messages: readonly { readonly payload: string; readonly ciphertext: string }[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ownCopy = resolve(repoRoot, 'tests/vectors/noise-xx-25519-aesgcm-sha256.json');
// CI clones beside shared/; a worktree here sits one level deeper.
const sharedCopy = [resolve(repoRoot, '..'), resolve(repoRoot, '..', '..')]
  .map((dir) => resolve(dir, 'shared', 'test-vectors', 'noise_xx_25519_aesgcm_sha256.json'))
  .find((path) => existsSync(path));

function load(path: string): Vector[] {
  if (!existsSync(path)) throw new Error(`test vectors missing: ${path}`);
  return (JSON.parse(readFileSync(path, 'utf8')) as { vectors: Vector[] }).vectors;
}

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

/** Plays a vector: both sides with its fixed keys, every message checked byte for byte both ways. */
function play(vector: Vector): void {
  expect(vector.protocol_name).toBe(PROTOCOL_NAME);
  const initiator = new HandshakeState({
    initiator: true,
    prologue: hex(vector.init_prologue),
    staticKeys: keyPairFromPrivate(hex(vector.init_static)),
    ephemeral: keyPairFromPrivate(hex(vector.init_ephemeral)),
  });
  const responder = new HandshakeState({
    initiator: false,
    prologue: hex(vector.resp_prologue),
    staticKeys: keyPairFromPrivate(hex(vector.resp_static)),
    ephemeral: keyPairFromPrivate(hex(vector.resp_ephemeral)),
  });
  let transport: { init: [CipherState, CipherState]; resp: [CipherState, CipherState] } | undefined;
  vector.messages.forEach((message, index) => {
    const fromInitiator =
      index < 3 || vector.transport_first === undefined ? index % 2 === 0 : (index - 3) % 2 === 0;
    if (index < 3) {
      const [writer, reader] = fromInitiator ? [initiator, responder] : [responder, initiator];
      const sent = writer.writeMessage(hex(message.payload));
      expect(sent.toString('hex'), `message ${index}`).toBe(message.ciphertext);
      expect(reader.readMessage(sent).toString('hex')).toBe(message.payload);
      if (index === 2) {
        const i = initiator.split();
        const r = responder.split();
        expect(i.handshakeHash.equals(r.handshakeHash)).toBe(true);
        if (vector.handshake_hash !== undefined)
          expect(i.handshakeHash.toString('hex')).toBe(vector.handshake_hash);
        expect(i.remoteStatic.equals(keyPairFromPrivate(hex(vector.resp_static)).publicKey)).toBe(true);
        expect(r.remoteStatic.equals(keyPairFromPrivate(hex(vector.init_static)).publicKey)).toBe(true);
        transport = { init: [i.send, i.receive], resp: [r.send, r.receive] };
      }
      return;
    }
    if (!transport) throw new Error('no transport after the handshake');
    const [send] = fromInitiator ? transport.init : transport.resp;
    const [, receive] = fromInitiator ? transport.resp : transport.init;
    const sent = send.encryptWithAd(new Uint8Array(0), hex(message.payload));
    expect(sent.toString('hex'), `message ${index}`).toBe(message.ciphertext);
    expect(receive.decryptWithAd(new Uint8Array(0), sent).toString('hex')).toBe(message.payload);
  });
}

describe('Noise_XX_25519_AESGCM_SHA256 against published vectors', () => {
  const vectors = load(ownCopy);

  it('holds seven vectors, each naming its source', () => {
    expect(vectors).toHaveLength(7);
    for (const vector of vectors) expect(vector.source).toMatch(/github\.com\/\S+ .*@[0-9a-f]{40}/);
  });

  for (const vector of vectors) {
    const payloads = vector.messages[0]?.payload === '' ? 'empty payloads' : 'payloads';
    it(`reproduces ${vector.source.split(' @')[0] ?? ''}, prologue "${vector.init_prologue.slice(0, 16)}", ${payloads}`, () => {
      play(vector);
    });
  }

  it.skipIf(sharedCopy === undefined)(
    'includes the shared vectors unchanged, and they pass as published there',
    () => {
      const shared = load(sharedCopy ?? '');
      expect(vectors.slice(0, shared.length)).toEqual(shared);
      for (const vector of shared) play(vector);
    },
  );
});
