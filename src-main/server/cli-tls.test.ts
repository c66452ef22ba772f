import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startServerProcess } from '../../tests/helpers/server-process.js';
import { spkiFingerprint } from '../tls/fingerprint.js';
import { selfSignedCertificate } from '../tls/server-certificate.js';
import { parseServerArgs, UsageError } from './cli-options.js';
import { resolveServerTls } from './server-tls.js';

const dirs: string[] = [];
afterEach(() => {
  killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-tls-'));
  dirs.push(dir);
  return dir;
}

describe('--tls flags', () => {
  it.each([
    [[], { mode: 'auto' }],
    [['--tls'], { mode: 'on' }],
    [['--tls', '--port', '0'], { mode: 'on' }],
    [['--tls', 'off'], { mode: 'off' }],
    [['--tls=on'], { mode: 'on' }],
    [['--tls-cert', 'c.pem', '--tls-key', 'k.pem'], { mode: 'on', certFile: 'c.pem', keyFile: 'k.pem' }],
  ])('%j reads as %j', (args, tls) => {
    expect(parseServerArgs(args).tls).toEqual(tls);
  });

  it.each([
    [['--tls', 'maybe']],
    [['--tls-cert', 'c.pem']],
    [['--tls', 'off', '--tls-cert', 'c.pem', '--tls-key', 'k.pem']],
    [['--advertise', '']],
  ])('rejects %j', (args) => {
    expect(() => parseServerArgs(args)).toThrow(UsageError);
  });

  it('speaks TLS beyond loopback by default, plain on loopback unless told', async () => {
    const dir = tempDir();
    expect(await resolveServerTls({ mode: 'auto' }, '127.0.0.1', dir)).toBeUndefined();
    expect(await resolveServerTls({ mode: 'auto' }, 'localhost', dir)).toBeUndefined();
    expect(await resolveServerTls({ mode: 'off' }, '0.0.0.0', dir)).toBeUndefined();
    const lan = await resolveServerTls({ mode: 'auto' }, '0.0.0.0', dir);
    expect(lan?.selfSigned).toBe(true);
    expect((await resolveServerTls({ mode: 'on' }, '127.0.0.1', dir))?.fingerprint).toBe(lan?.fingerprint);
  });

  it('serves TLS with the data folder certificate and logs its fingerprint', async () => {
    const dir = tempDir();
    const server = await startServerProcess([
      '--tls',
      '--port',
      '0',
      '--data',
      dir,
      '--password-cost',
      'fast',
    ]);
    const socket = connect({ host: '127.0.0.1', port: server.port, rejectUnauthorized: false });
    await new Promise((resolve) => socket.once('secureConnect', resolve));
    const presented = spkiFingerprint(socket.getPeerX509Certificate()!.raw);
    socket.destroy();
    const kept = await selfSignedCertificate(dir);
    expect(presented).toBe(kept.fingerprint);
    expect(server.stderr.join('\n')).toContain(`fingerprint is ${kept.fingerprint}`);
  });
});
