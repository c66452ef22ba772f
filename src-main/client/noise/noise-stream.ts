/**
 * The encrypted side of a peer connection: a Duplex that carries protocol lines, each line one
 * Noise transport message on the socket. Written bytes are cut at LF and each line (without its
 * LF) is encrypted; each message read is decrypted and handed on with an LF. A message that fails
 * to decrypt (altered, replayed, reordered), holds more than one line, or is cut off by the end of
 * the connection destroys the stream with a NoiseError: nothing after it is delivered.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TAG_BYTES, type CipherState } from './cipher-state.js';
import { frameMessage, MAX_NOISE_MESSAGE, type MessageReader } from './message-reader.js';
import { NoiseError } from './noise-error.js';

const LF = 0x0a;
const NO_AD = new Uint8Array(0);
export const MAX_LINE_BYTES = MAX_NOISE_MESSAGE - TAG_BYTES;

export class NoiseStream extends Duplex {
  private outgoing: Buffer = Buffer.alloc(0);

  constructor(
    readonly socket: Socket,
    private readonly reader: MessageReader,
    private readonly sender: CipherState,
    private readonly receiver: CipherState,
    /** Messages that arrived with or right behind the last handshake message. */
    early: readonly Buffer[],
    readonly remoteStatic: Buffer,
  ) {
    super({ allowHalfOpen: false });
    for (const message of early) this.receive(message);
    socket.on('data', (chunk: Buffer) => {
      for (const message of this.reader.push(chunk)) if (!this.destroyed) this.receive(message);
    });
    socket.on('end', () => {
      if (this.reader.bufferedBytes > 0)
        this.destroy(new NoiseError('the connection ended in the middle of a message'));
      else this.push(null);
    });
    socket.on('error', (error) => this.destroy(error));
    socket.on('close', () => this.destroy());
  }

  override _read(): void {
    if (this.socket.isPaused()) this.socket.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.outgoing = this.outgoing.length === 0 ? chunk : Buffer.concat([this.outgoing, chunk]);
    try {
      let lf = this.outgoing.indexOf(LF);
      while (lf >= 0) {
        const line = this.outgoing.subarray(0, lf);
        if (line.length > MAX_LINE_BYTES) throw new NoiseError('a frame too large for one encrypted message');
        this.socket.write(frameMessage(this.sender.encryptWithAd(NO_AD, line)));
        this.outgoing = this.outgoing.subarray(lf + 1);
        lf = this.outgoing.indexOf(LF);
      }
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error) this.socket.destroy(error);
    else this.socket.destroy();
    callback(error);
  }

  private receive(message: Buffer): void {
    let line: Buffer;
    try {
      line = this.receiver.decryptWithAd(NO_AD, message);
    } catch (error) {
      this.destroy(error as Error);
      return;
    }
    if (line.includes(LF)) {
      this.destroy(new NoiseError('an encrypted message held more than one line'));
      return;
    }
    if (!this.push(Buffer.concat([line, Buffer.from([LF])]))) this.socket.pause();
  }
}
