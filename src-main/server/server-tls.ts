/** The CLI's TLS choice made concrete: TLS beyond loopback unless `--tls off`, and its certificate. */
import { isLoopbackHost } from '../tls/loopback.js';
import { readCertificate, selfSignedCertificate, type ServerCertificate } from '../tls/server-certificate.js';
import type { TlsChoice } from './cli-options.js';

export async function resolveServerTls(
  choice: TlsChoice,
  host: string,
  dataDir: string,
): Promise<ServerCertificate | undefined> {
  const wanted = choice.mode === 'on' || (choice.mode === 'auto' && !isLoopbackHost(host));
  if (!wanted) return undefined;
  if (choice.certFile !== undefined && choice.keyFile !== undefined) {
    return readCertificate(choice.certFile, choice.keyFile);
  }
  return selfSignedCertificate(dataDir);
}
