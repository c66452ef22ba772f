/**
 * A server's TLS fingerprint: SHA-256 of the certificate's public key (SPKI, DER), written as SSH
 * writes host keys (`SHA256:` and unpadded base64). The key, not the whole certificate, so a
 * renewed certificate with the same key keeps its pin.
 */
import { createHash, X509Certificate } from 'node:crypto';

export function spkiFingerprint(certificate: string | Buffer | X509Certificate): string {
  const x509 = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(spki).digest('base64').replace(/=+$/, '')}`;
}

/** What a fingerprint may look like wherever one arrives from outside (a TXT record, a file). */
export const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;
