/** The terminal client over TLS: the first-use question, pinning, the `server` command, a changed key. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD } from '../../../tests/helpers/client-fixture.js';
import { useTerminalClis } from '../../../tests/helpers/terminal-cli.js';
import { startServer, type RunningServer } from '../../../tests/helpers/tls-fixtures.js';
import { selfSignedCertificate } from '../../tls/server-certificate.js';
import { FilePinStore } from '../file-pin-store.js';
import { usesTls } from './server-trust-prompt.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
const terminal = useTerminalClis();

async function tlsServer(): Promise<RunningServer> {
  const running = await startServer('self-signed');
  cleanups.push(() => running.dispose());
  return running;
}

function pinsFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-term-pins-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'known-servers.json');
}

describe('terminal client over TLS', () => {
  it('chooses TLS by itself for any host but this computer', () => {
    expect(usesTls('auto', '127.0.0.1')).toBe(false);
    expect(usesTls('auto', 'localhost')).toBe(false);
    expect(usesTls('auto', '::1')).toBe(false);
    expect(usesTls('auto', '192.168.1.20')).toBe(true);
    expect(usesTls('auto', 'chat.example.org')).toBe(true);
    expect(usesTls('on', '127.0.0.1')).toBe(true);
    expect(usesTls('off', '192.168.1.20')).toBe(false);
  });

  it('asks before trusting a new server, pins it, and shows it with the server command', async () => {
    const server = await tlsServer();
    const { fingerprint } = await selfSignedCertificate(server.dataDir);
    const file = pinsFile();
    // `--tls` alone, before another flag, is `--tls on`.
    const args = ['--port', String(server.port), '--tls', '--known-servers', file];
    const cli = terminal.start(args);
    await cli.expect(`The server at 127.0.0.1:${server.port} is new to this computer.`);
    await cli.expect(fingerprint);
    await cli.expect('Trust this server and connect? (yes/no) ');
    cli.send('yes');
    await cli.typeLogin('tina', PASSWORD);
    await cli.expect('Register it? [y/N] ');
    cli.send('y');
    await cli.expect('Repeat the password: ');
    cli.send(PASSWORD);
    await cli.expect('Welcome to Parley, tina!');
    cli.send('server');
    await cli.expect(`Server: 127.0.0.1:${server.port} (connected)`);
    await cli.expect('TLS: on (TLS 1.3)');
    await cli.expect(`Fingerprint: ${fingerprint}`);
    expect(new FilePinStore(file).get(`127.0.0.1:${server.port}`)).toBe(fingerprint);
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);

    // Pinned: no question the second time.
    const again = terminal.start(args);
    await again.expect('Username: ');
    expect(again.printed).not.toContain('new to this computer');
    again.child.stdin.end();
  });

  it('refuses a changed certificate in words and says how to accept it', async () => {
    const server = await tlsServer();
    const file = pinsFile();
    const stale = await selfSignedCertificate(mkdtempSync(join(tmpdir(), 'parley-stale-')));
    new FilePinStore(file).set(`127.0.0.1:${server.port}`, stale.fingerprint);
    const cli = terminal.start(['--port', String(server.port), '--tls', 'on', '--known-servers', file]);
    await cli.expect('presented a different certificate');
    await cli.expect(`delete the "127.0.0.1:${server.port}" entry in ${file}`);
    expect(await cli.exited).toBe(1);
    expect(cli.printed).not.toContain('Username: ');
  });

  it('says so when the user declines the fingerprint', async () => {
    const server = await tlsServer();
    const cli = terminal.start(['--port', String(server.port), '--tls', 'on', '--known-servers', pinsFile()]);
    await cli.expect('Trust this server and connect? (yes/no) ');
    cli.send('no');
    await cli.expect('was not accepted');
    expect(await cli.exited).toBe(1);
  });
});
