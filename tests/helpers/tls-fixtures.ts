/** Real TLS servers for tests: the server's own self-signed certificate, or one a test CA signed. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { ChatServer } from '../../src-main/server/chat-server.js';
import type { ServerTls } from '../../src-main/server/transport.js';
import { ChatStore } from '../../src-main/store/chat-store.js';
import { FAST_SCRYPT } from '../../src-main/store/password.js';
import { selfSignedCertificate } from '../../src-main/tls/server-certificate.js';

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly server: ChatServer;
  dispose(): Promise<void>;
}

/** A chat server on 127.0.0.1 port 0; `tls` 'self-signed' makes (or reuses) the data folder's certificate. */
export async function startServer(
  tls: ServerTls | 'self-signed' | undefined,
  dataDir?: string,
): Promise<RunningServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'parley-tls-'));
  const certificate = tls === 'self-signed' ? await selfSignedCertificate(dir) : tls;
  const store = ChatStore.open(join(dir, 'parley.sqlite'));
  const server = new ChatServer({
    store,
    passwordParams: FAST_SCRYPT,
    options: {
      host: '127.0.0.1',
      port: 0,
      presenceBatchMs: 0,
      limits: { requestsPerSecond: 0, failedLoginsPerMinute: 0, registrationsPerMinute: 0 },
    },
    ...(certificate ? { tls: certificate } : {}),
  });
  const { host, port } = await server.start();
  return {
    host,
    port,
    dataDir: dir,
    server,
    async dispose() {
      await server.stop();
      store.close();
      if (dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestAuthority {
  readonly cert: string;
  /** A server certificate for `ip` signed by this authority. */
  issue(ip: string): Promise<ServerTls>;
}

/** A throwaway certificate authority, trusted only by the clients a test hands its `cert`. */
export async function testAuthority(): Promise<TestAuthority> {
  const ca = await generate([{ name: 'commonName', value: 'Parley Test CA' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  return {
    cert: ca.cert,
    async issue(ip) {
      const leaf = await generate([{ name: 'commonName', value: 'parley.test' }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: [{ type: 7, ip }] },
        ],
      });
      return { cert: leaf.cert, key: leaf.private };
    },
  };
}
