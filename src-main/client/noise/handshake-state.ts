/**
 * The Noise HandshakeState for the one pattern Parley speaks, XX:
 *   -> e
 *   <- e, ee, s, es
 *   -> s, se
 * Each side writes and reads in turn; after the third message `split()` gives the transport ciphers.
 */
import type { CipherState } from './cipher-state.js';
import { NoiseError } from './noise-error.js';
import { SymmetricState } from './symmetric-state.js';
import { dh, generateKeyPair, KEY_BYTES, type KeyPair } from './x25519.js';

export const PROTOCOL_NAME = 'Noise_XX_25519_AESGCM_SHA256';

type Token = 'e' | 's' | 'ee' | 'es' | 'se';

const XX: readonly (readonly Token[])[] = [['e'], ['e', 'ee', 's', 'es'], ['s', 'se']];

export interface HandshakeOptions {
  readonly initiator: boolean;
  readonly prologue: Uint8Array;
  readonly staticKeys: KeyPair;
  /** Only for test vectors: a fixed ephemeral key instead of a fresh one. */
  readonly ephemeral?: KeyPair;
}

export interface HandshakeResult {
  /** Ciphers for what this side sends and what it receives. */
  readonly send: CipherState;
  readonly receive: CipherState;
  readonly remoteStatic: Buffer;
  readonly handshakeHash: Buffer;
}

export class HandshakeState {
  private readonly symmetric = new SymmetricState(PROTOCOL_NAME);
  private readonly s: KeyPair;
  private e: KeyPair | undefined;
  private rs: Buffer | undefined;
  private re: Buffer | undefined;
  private step = 0;
  private failed = false;

  constructor(private readonly options: HandshakeOptions) {
    this.s = options.staticKeys;
    this.symmetric.mixHash(options.prologue);
  }

  /** Whether the next message is ours to write. */
  get isMyTurn(): boolean {
    return this.step % 2 === (this.options.initiator ? 0 : 1);
  }

  get isComplete(): boolean {
    return this.step === XX.length;
  }

  /** The peer's static key once its message carrying it has been read. */
  get remoteStatic(): Buffer | undefined {
    return this.rs;
  }

  writeMessage(payload: Uint8Array = new Uint8Array(0)): Buffer {
    const tokens = this.nextTokens(true);
    const parts: Buffer[] = [];
    try {
      for (const token of tokens) {
        if (token === 'e') {
          this.e = this.options.ephemeral ?? generateKeyPair();
          parts.push(this.e.publicKey);
          this.symmetric.mixHash(this.e.publicKey);
        } else if (token === 's') {
          parts.push(this.symmetric.encryptAndHash(this.s.publicKey));
        } else {
          this.mixDh(token);
        }
      }
      parts.push(this.symmetric.encryptAndHash(payload));
    } catch (error) {
      this.failed = true;
      throw error;
    }
    this.step++;
    return Buffer.concat(parts);
  }

  /** Reads the peer's next message and returns its payload; any failure ends the handshake. */
  readMessage(message: Uint8Array): Buffer {
    const tokens = this.nextTokens(false);
    let rest = Buffer.from(message);
    try {
      for (const token of tokens) {
        if (token === 'e') {
          if (rest.length < KEY_BYTES) throw new NoiseError('a handshake message too short');
          this.re = rest.subarray(0, KEY_BYTES);
          rest = rest.subarray(KEY_BYTES);
          this.symmetric.mixHash(this.re);
        } else if (token === 's') {
          const length = this.symmetric.hasKeyForHandshake() ? KEY_BYTES + 16 : KEY_BYTES;
          if (rest.length < length) throw new NoiseError('a handshake message too short');
          this.rs = this.symmetric.decryptAndHash(rest.subarray(0, length));
          rest = rest.subarray(length);
        } else {
          this.mixDh(token);
        }
      }
      const payload = this.symmetric.decryptAndHash(rest);
      this.step++;
      return payload;
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  /** After the last message: the transport ciphers, this side's sending one first. */
  split(): HandshakeResult {
    if (!this.isComplete || !this.rs) throw new NoiseError('the handshake is not complete');
    const [toResponder, toInitiator] = this.symmetric.split();
    return {
      send: this.options.initiator ? toResponder : toInitiator,
      receive: this.options.initiator ? toInitiator : toResponder,
      remoteStatic: this.rs,
      handshakeHash: this.symmetric.handshakeHash,
    };
  }

  private nextTokens(writing: boolean): readonly Token[] {
    if (this.failed) throw new NoiseError('the handshake already failed');
    const tokens = XX[this.step];
    if (!tokens) throw new NoiseError('the handshake is already complete');
    if (this.isMyTurn !== writing)
      throw new NoiseError(writing ? 'not our turn to write' : 'not our turn to read');
    return tokens;
  }

  /** ee, es, se: the first letter is the initiator's key, the second the responder's. */
  private mixDh(token: 'ee' | 'es' | 'se'): void {
    const initiator = this.options.initiator;
    const mine = (token === 'ee' ? 'e' : initiator ? token[0] : token[1]) as 'e' | 's';
    const theirs = (token === 'ee' ? 'e' : initiator ? token[1] : token[0]) as 'e' | 's';
    const local = mine === 'e' ? this.e : this.s;
    const remote = theirs === 'e' ? this.re : this.rs;
    if (!local || !remote) throw new NoiseError(`the handshake lacks a key for ${token}`);
    this.symmetric.mixKey(dh(local.privateKey, remote));
  }
}
