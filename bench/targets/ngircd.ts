/**
 * Starts Debian's ngircd as a peer with a generated config: a free loopback port, no DNS/ident/PAM
 * lookups, no connection or join limits, long nicknames and flood penalties off (MaxPenaltyTime 0).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { spawnPinned, which } from '../lib/processes.js';
import { freePort } from '../lib/free-port.js';
import { makeRunning, waitForPort, type StartOptions, type TargetStarter } from './target.js';

/** With TLS, the port is ngircd's SSL port only (no plain one is opened). */
function config(port: number, tls: { cert: string; key: string } | undefined): string {
  const ssl = tls
    ? `
[SSL]
CertFile = ${tls.cert}
KeyFile = ${tls.key}
Ports = ${port}
`
    : '';
  return `[Global]
Name = bench.parley.test
Info = Parley benchmark peer
Listen = 127.0.0.1
Ports = ${tls ? '' : port}
MotdPhrase = bench

[Limits]
MaxConnections = 0
MaxConnectionsIP = 0
MaxJoins = 0
MaxNickLength = 32
MaxPenaltyTime = 0
PingTimeout = 3600
PongTimeout = 3600

[Options]
DNS = no
Ident = no
PAM = no
${ssl}`;
}

export const ngircdTarget: TargetStarter = {
  name: 'ngircd',
  unavailable: () => (which('ngircd') === undefined ? 'not installed' : undefined),
  async start(options: StartOptions) {
    const binary = which('ngircd');
    if (binary === undefined) throw new Error('ngircd not installed');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-ngircd-'));
    const file = join(dir, 'ngircd.conf');
    let files: { cert: string; key: string } | undefined;
    if (options.tls) {
      const made = await generate([{ name: 'commonName', value: 'bench.parley.test' }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
      });
      files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
      writeFileSync(files.cert, made.cert);
      writeFileSync(files.key, made.private, { mode: 0o600 });
    }
    writeFileSync(file, config(port, files));
    const p = spawnPinned(options.core, binary, ['--nodaemon', '--config', file]);
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    try {
      // With TLS it first generates Diffie-Hellman parameters, which takes seconds.
      await waitForPort('127.0.0.1', port, options.tls ? 60_000 : 10_000, p);
    } catch (error) {
      cleanup();
      throw error;
    }
    return makeRunning('ngircd', 'irc', '127.0.0.1', port, p, cleanup, 5_000, options.tls === true);
  },
};
