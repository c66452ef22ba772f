/**
 * What a new socket speaks, decided by its first byte: a TLS handshake record starts with 0x16,
 * a protocol frame with `[` (never 0x16). A server with TLS wraps a handshake in node:tls and
 * answers anything else with one plain sentence; a server without TLS answers a handshake the
 * same way. Either side then gets words, not a hang. The frames are the same inside TLS.
 */
import type { Socket } from 'node:net';
import { TLSSocket, createSecureContext, type SecureContext } from 'node:tls';
import { encodeResponse, encodeRoute, Status } from '../../src-shared/protocol/index.js';

const TLS_HANDSHAKE_RECORD = 0x16;
/** How long the refused socket may take to read the sentence before it is cut off. */
const REFUSAL_GRACE_MS = 2_000;

export const TLS_REQUIRED =
  'this server speaks TLS only: connect with TLS (for example openssl s_client -quiet -connect HOST:PORT)';
export const TLS_UNAVAILABLE = 'this server does not speak TLS: connect without TLS';

export interface ServerTls {
  readonly cert: string;
  readonly key: string;
}

export function secureContextFor(tls: ServerTls): SecureContext {
  return createSecureContext({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.3' });
}

export interface TransportCallbacks {
  /** The socket frames are read from and written to (the TLS socket when secure). */
  readonly ready: (socket: Socket) => void;
  /** The socket went away, or was refused, before it was ready. */
  readonly gone: () => void;
}

/**
 * Waits for the first bytes (at most `graceMs`), then hands over the socket to read frames from,
 * with those bytes still unread.
 */
export function openTransport(
  raw: Socket,
  context: SecureContext | undefined,
  graceMs: number,
  callbacks: TransportCallbacks,
): void {
  let settled = false;
  const finish = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    raw.off('close', onClose);
    return true;
  };
  const onClose = (): void => {
    if (finish()) callbacks.gone();
  };
  // Silent for the whole login grace: told as a connection that never logged in is told.
  const timer = setTimeout(() => {
    if (!finish()) return;
    if (context) raw.destroy();
    else {
      raw.end(encodeRoute('bye', { reason: 'timeout' }));
      setTimeout(() => raw.destroy(), REFUSAL_GRACE_MS).unref();
    }
    callbacks.gone();
  }, graceMs);
  timer.unref();
  raw.on('error', () => {
    // 'close' follows; whoever owns the socket by then cleans up.
  });
  raw.on('close', onClose);
  raw.once('data', (chunk: Buffer) => {
    raw.pause();
    raw.unshift(chunk);
    if (!finish()) return;
    const handshake = chunk[0] === TLS_HANDSHAKE_RECORD;
    if (handshake !== (context !== undefined)) {
      refuse(raw, handshake ? TLS_UNAVAILABLE : TLS_REQUIRED);
      callbacks.gone();
      return;
    }
    if (context === undefined) {
      callbacks.ready(raw);
      raw.resume();
      return;
    }
    // node:tls feeds the bytes already read (the unshifted chunk) into the handshake first.
    const secure = new TLSSocket(raw, { isServer: true, secureContext: context });
    // A peer that hangs up mid-handshake leaves node:tls waiting forever with the socket half open.
    let secured = false;
    secure.once('secure', () => (secured = true));
    secure.once('end', () => {
      if (!secured) secure.destroy();
    });
    callbacks.ready(secure);
  });
}

function refuse(raw: Socket, sentence: string): void {
  raw.removeAllListeners('data');
  raw.resume();
  raw.end(encodeResponse(Status.badRequest, sentence));
  setTimeout(() => raw.destroy(), REFUSAL_GRACE_MS).unref();
}
