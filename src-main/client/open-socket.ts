/**
 * Opens the socket to a server, plain or TLS 1.3, and decides whether to trust it (server-trust.ts)
 * before a single frame is sent. Rejects with a ParleyError saying why in words.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import { spkiFingerprint } from '../tls/fingerprint.js';
import { NO_STATUS, ParleyError } from './parley-error.js';
import {
  changedCertificate,
  declinedCertificate,
  handshakeFailure,
  ServerTrustError,
  type ClientTls,
  type ServerIdentity,
} from './server-trust.js';

export interface OpenedSocket {
  readonly socket: Socket;
  readonly identity: ServerIdentity;
}

export async function openSocket(
  address: { readonly host: string; readonly port: number },
  tls: ClientTls | undefined,
  timeoutMs: number,
): Promise<OpenedSocket> {
  const server = `${address.host}:${address.port}`;
  const socket: Socket = tls
    ? tlsConnect({
        host: address.host,
        port: address.port,
        minVersion: 'TLSv1.3',
        // Decided below: a self-signed certificate is not an error here, it is pinned.
        rejectUnauthorized: false,
        ...(isIP(address.host) === 0 ? { servername: address.host } : {}),
        ...(tls.ca ? { ca: [...rootCertificates, ...tls.ca] } : {}),
      })
    : netConnect({ host: address.host, port: address.port });
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);
  let reached = false;
  socket.once('connect', () => (reached = true));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          socket.destroy(
            new Error(
              reached
                ? `${server} did not finish the TLS handshake within ${timeoutMs} ms`
                : `no answer within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        // Connected, then the handshake failed: a TLS problem, not an unreachable server.
        reject(tls && reached && isTlsError(error) ? handshakeFailure(server, error) : error);
      });
    });
    if (!tls) return { socket, identity: { server, tls: false, basis: 'plain' } };
    const identity = await trust(socket as TLSSocket, server, tls);
    return { socket, identity };
  } catch (error) {
    socket.destroy();
    if (error instanceof ParleyError) throw error;
    const message = (error as Error).message;
    // Reached, then something on this side failed (an unreadable pins file, say): no "cannot reach".
    throw new ParleyError(NO_STATUS, reached && tls ? message : `cannot reach ${server}: ${message}`);
  }
}

async function trust(socket: TLSSocket, server: string, tls: ClientTls): Promise<ServerIdentity> {
  const certificate = socket.getPeerX509Certificate();
  if (!certificate) throw new ServerTrustError('handshake', `${server} sent no certificate.`, server);
  const fingerprint = spkiFingerprint(certificate);
  if (tls.expect !== undefined) {
    if (fingerprint !== tls.expect) throw changedCertificate(server, tls.expect, fingerprint);
    return { server, tls: true, fingerprint, basis: 'known' };
  }
  if (socket.authorized) return { server, tls: true, fingerprint, basis: 'authority' };
  const pinned = tls.pins.get(server);
  if (pinned !== undefined) {
    if (pinned !== fingerprint) throw changedCertificate(server, pinned, fingerprint);
    return { server, tls: true, fingerprint, basis: 'pinned' };
  }
  const accepted = tls.trustFirstUse ? await tls.trustFirstUse(server, fingerprint) : true;
  if (!accepted) throw declinedCertificate(server, fingerprint);
  if (socket.destroyed) throw new ParleyError(NO_STATUS, `${server} closed the connection`);
  tls.pins.set(server, fingerprint);
  return { server, tls: true, fingerprint, basis: 'first-use' };
}

function isTlsError(error: NodeJS.ErrnoException): boolean {
  return (
    (error.code ?? '').startsWith('ERR_SSL') || /SSL|socket disconnected before secure/i.test(error.message)
  );
}
