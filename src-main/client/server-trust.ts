/**
 * How a client decides to trust a TLS server, as SSH does for hosts: a certificate that chains to
 * a trusted authority (and names the host) is checked the usual way; any other is pinned by its
 * fingerprint at the first connection to that address, and a different one later is refused in
 * words. The app's own hosted server is known in advance by its fingerprint.
 */
import { ParleyError, NO_STATUS } from './parley-error.js';

/** Pins by server address (`host:port`). */
export interface PinStore {
  get(server: string): string | undefined;
  set(server: string, fingerprint: string): void;
}

export interface ClientTls {
  readonly pins: PinStore;
  /** Authorities to trust besides the system's (PEM), e.g. a company CA or a test's. */
  readonly ca?: readonly string[];
  /**
   * Asked before pinning a server seen for the first time; false refuses the connection.
   * Absent: pinned without asking (the fingerprint is still shown).
   */
  readonly trustFirstUse?: (server: string, fingerprint: string) => boolean | Promise<boolean>;
  /** The one fingerprint accepted (a server whose certificate this program holds). */
  readonly expect?: string;
}

/** Which TLS settings to use for an address; undefined: plain TCP. */
export type TlsPolicy = (address: { readonly host: string; readonly port: number }) => ClientTls | undefined;

/** How the current connection's server was trusted. */
export type TrustBasis = 'authority' | 'pinned' | 'first-use' | 'known' | 'plain';

export interface ServerIdentity {
  /** `host:port`. */
  readonly server: string;
  readonly tls: boolean;
  /** SHA-256 of the certificate's public key (see spkiFingerprint), with TLS. */
  readonly fingerprint?: string;
  readonly basis: TrustBasis;
}

export type TrustFailure = 'changed' | 'declined' | 'not-tls' | 'handshake';

/** A connection refused because the server could not be trusted (never retried by itself). */
export class ServerTrustError extends ParleyError {
  constructor(
    readonly failure: TrustFailure,
    message: string,
    readonly server: string,
    /** The pinned fingerprint and the one presented now, when they differ. */
    readonly expected?: string,
    readonly presented?: string,
  ) {
    super(NO_STATUS, message);
  }
}

export function changedCertificate(server: string, expected: string, presented: string): ServerTrustError {
  return new ServerTrustError(
    'changed',
    `The server at ${server} presented a different certificate from the one this computer trusted at ` +
      `its first connection (expected ${expected}, got ${presented}). Someone may be intercepting the ` +
      'connection, or the server was given a new certificate. Nothing was sent. Ask the server\u2019s ' +
      'owner for its fingerprint; accept the new one only if they match.',
    server,
    expected,
    presented,
  );
}

export function declinedCertificate(server: string, fingerprint: string): ServerTrustError {
  return new ServerTrustError(
    'declined',
    `Not connected: the certificate of ${server} (${fingerprint}) was not accepted.`,
    server,
    undefined,
    fingerprint,
  );
}

/** The words for a TLS error during the handshake. */
export function handshakeFailure(server: string, error: NodeJS.ErrnoException): ServerTrustError {
  const text = `${error.code ?? ''} ${error.message}`;
  if (/WRONG_VERSION_NUMBER|wrong version number|packet length too long|record layer failure/i.test(text)) {
    return new ServerTrustError(
      'not-tls',
      `${server} does not speak TLS (it answered in plain text). A Parley server speaks plain TCP only ` +
        'on loopback unless its owner turned TLS off; connect without TLS only on this computer or a ' +
        'network you trust.',
      server,
    );
  }
  if (/PROTOCOL_VERSION|protocol version|unsupported protocol/i.test(text)) {
    return new ServerTrustError(
      'handshake',
      `${server} does not offer TLS 1.3, which Parley requires (${error.message}).`,
      server,
    );
  }
  return new ServerTrustError(
    'handshake',
    `The TLS handshake with ${server} failed: ${error.message}`,
    server,
  );
}
