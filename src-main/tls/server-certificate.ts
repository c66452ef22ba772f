/**
 * The certificate a server speaks TLS with: the user's own (`--tls-cert`/`--tls-key`), or a
 * self-signed one created in the data folder at first need and kept, so that clients' pins stay
 * valid across restarts. The private key is written readable by its owner only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { spkiFingerprint } from './fingerprint.js';

export interface ServerCertificate {
  readonly cert: string;
  readonly key: string;
  /** See spkiFingerprint. */
  readonly fingerprint: string;
  /** True when Parley made it (clients pin it), false for the user's own. */
  readonly selfSigned: boolean;
}

export const CERT_FILE = 'tls-cert.pem';
export const KEY_FILE = 'tls-key.pem';
/** Long enough not to expire under a running office server; a pin does not depend on it anyway. */
const VALID_DAYS = 3650;

/** Reads the user's certificate and key; the error names the file that could not be read. */
export function readCertificate(certFile: string, keyFile: string): ServerCertificate {
  const cert = readPem(certFile, 'certificate');
  const key = readPem(keyFile, 'private key');
  return { cert, key, fingerprint: spkiFingerprint(cert), selfSigned: false };
}

/** The data folder's self-signed certificate, created now if there is none yet. */
export async function selfSignedCertificate(dataDir: string): Promise<ServerCertificate> {
  const certFile = join(dataDir, CERT_FILE);
  const keyFile = join(dataDir, KEY_FILE);
  const existing = readIfPresent(certFile, keyFile);
  if (existing) return { ...existing, fingerprint: spkiFingerprint(existing.cert), selfSigned: true };
  const notBeforeDate = new Date(Date.now() - 60_000);
  const made = await generate([{ name: 'commonName', value: 'Parley server' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + VALID_DAYS * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  // `wx`: two servers starting at once on one folder must not each write half a pair.
  writeFileSync(keyFile, made.private, { mode: 0o600, flag: 'wx' });
  writeFileSync(certFile, made.cert, { mode: 0o644, flag: 'wx' });
  return { cert: made.cert, key: made.private, fingerprint: spkiFingerprint(made.cert), selfSigned: true };
}

function readIfPresent(certFile: string, keyFile: string): { cert: string; key: string } | undefined {
  let cert: string;
  try {
    cert = readFileSync(certFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { cert, key: readPem(keyFile, 'private key') };
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the TLS ${what} ${file}: ${(error as Error).message}`, { cause: error });
  }
}
