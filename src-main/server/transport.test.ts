import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../tls/server-certificate.js';
import { openTransport, secureContextFor } from './transport.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function tlsListener(): Promise<{ port: number; next: Promise<Socket> }> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-transport-'));
  const context = secureContextFor(await selfSignedCertificate(dir));
  let handOver: (socket: Socket) => void = () => undefined;
  const next = new Promise<Socket>((resolve) => (handOver = resolve));
  const server: Server = createServer((raw) =>
    openTransport(raw, context, 30_000, { ready: handOver, gone: () => undefined }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, next };
}

describe('openTransport', () => {
  it('closes a TLS socket whose client hung up before finishing the handshake', async () => {
    const { port, next } = await tlsListener();
    const client = connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
    await once(client, 'secureConnect');
    // Destroyed at once, the client's last handshake message never leaves: the server sees only the end.
    client.destroy();
    const socket = await next;
    const closed = once(socket, 'close');
    socket.on('error', () => undefined);
    // What a shutting-down server does: a last frame, then end.
    socket.write('[bye] {"reason":"shutdown"}\n');
    socket.end();
    await closed;
    expect(socket.destroyed).toBe(true);
  });
});
