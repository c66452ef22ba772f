/**
 * Runs the XX handshake on a socket (length-prefixed messages, the dialler as initiator) and hands
 * back the encrypted line stream. The peer's static key is checked as soon as it is known: the
 * initiator checks before it sends its own (third) message, so a refused key never learns ours.
 */
import type { Socket } from 'node:net';
import { HandshakeState } from './handshake-state.js';
import { frameMessage, MessageReader } from './message-reader.js';
import { NoiseError } from './noise-error.js';
import { NoiseStream } from './noise-stream.js';
import type { KeyPair } from './x25519.js';

export interface SecureOptions {
  readonly socket: Socket;
  readonly initiator: boolean;
  readonly prologue: Uint8Array;
  readonly staticKeys: KeyPair;
  /** Throws (a reason a person can read) to refuse the peer's static key. */
  readonly checkPeer: (remoteStatic: Buffer) => void | Promise<void>;
  readonly timeoutMs: number;
  /**
   * The responder learns the peer's key only from the last message, when the initiator already
   * counts the chat as open: this line (encrypted, without LF) tells it why the chat was refused.
   */
  readonly refusalLine?: string;
}

/** The prologue of spec 1.2: `parley-p2p/1`, requester, recipient and token, each ended by a zero byte. */
export function parleyPrologue(requester: string, recipient: string, token: string): Buffer {
  return Buffer.from(
    ['parley-p2p/1', requester, recipient, token].map((part) => `${part}\0`).join(''),
    'utf8',
  );
}

export async function secureSocket(options: SecureOptions): Promise<NoiseStream> {
  const { socket } = options;
  const reader = new MessageReader();
  const queue: Buffer[] = [];
  let wake: (() => void) | undefined;
  let ended: Error | undefined;
  const onData = (chunk: Buffer): void => {
    queue.push(...reader.push(chunk));
    wake?.();
  };
  const onEnd = (error?: Error): void => {
    ended ??= new NoiseError(
      error
        ? `the encrypted handshake failed: ${error.message}`
        : 'the peer closed the connection during the encrypted handshake',
    );
    wake?.();
  };
  const onError = (error: Error): void => onEnd(error);
  const onClose = (): void => onEnd();
  socket.on('data', onData);
  socket.on('error', onError);
  socket.on('close', onClose);
  const timer = setTimeout(
    () => socket.destroy(new Error(`no encrypted handshake within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const next = async (): Promise<Buffer> => {
    for (;;) {
      const message = queue.shift();
      if (message) return message;
      if (ended) throw ended;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };
  const handshake = new HandshakeState({
    initiator: options.initiator,
    prologue: options.prologue,
    staticKeys: options.staticKeys,
  });
  const check = async (): Promise<Buffer> => {
    const key = handshake.remoteStatic;
    if (!key) throw new NoiseError('the peer sent no static key');
    await options.checkPeer(key);
    return key;
  };
  try {
    let remoteStatic: Buffer;
    if (options.initiator) {
      socket.write(frameMessage(handshake.writeMessage()));
      handshake.readMessage(await next());
      remoteStatic = await check();
      socket.write(frameMessage(handshake.writeMessage()));
    } else {
      handshake.readMessage(await next());
      socket.write(frameMessage(handshake.writeMessage()));
      handshake.readMessage(await next());
      try {
        remoteStatic = await check();
      } catch (error) {
        if (options.refusalLine !== undefined) {
          const { send } = handshake.split();
          socket.end(frameMessage(send.encryptWithAd(new Uint8Array(0), Buffer.from(options.refusalLine))));
        }
        throw error;
      }
    }
    if (ended) throw ended;
    const { send, receive } = handshake.split();
    socket.off('data', onData);
    socket.off('error', onError);
    socket.off('close', onClose);
    return new NoiseStream(socket, reader, send, receive, queue.splice(0), remoteStatic);
  } catch (error) {
    // A refusal on its way out gets a moment to leave; anything else is cut at once.
    if (socket.writableEnded) setTimeout(() => socket.destroy(), 2000).unref();
    else socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
