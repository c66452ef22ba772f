/**
 * Noise messages on a byte stream, each prefixed by its length as a big-endian u16 (so at most
 * 65535 bytes, the Noise limit). Collects bytes in any split and hands out whole messages.
 */
export const MAX_NOISE_MESSAGE = 65_535;

export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0);

  /** The whole messages that `chunk` completes, in order. */
  push(chunk: Buffer): Buffer[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const messages: Buffer[] = [];
    while (this.buffer.length >= 2) {
      const length = this.buffer.readUInt16BE(0);
      if (this.buffer.length < 2 + length) break;
      messages.push(Buffer.from(this.buffer.subarray(2, 2 + length)));
      this.buffer = this.buffer.subarray(2 + length);
    }
    return messages;
  }

  /** Bytes of a message that has not arrived whole. */
  get bufferedBytes(): number {
    return this.buffer.length;
  }
}

export function frameMessage(message: Uint8Array): Buffer {
  if (message.length > MAX_NOISE_MESSAGE) throw new RangeError('a Noise message holds at most 65535 bytes');
  const framed = Buffer.allocUnsafe(2 + message.length);
  framed.writeUInt16BE(message.length, 0);
  framed.set(message, 2);
  return framed;
}
