/**
 * JS heap per idle logged-in session, counted rather than timed: `node --expose-gc --import tsx
 * bench/idle-heap.ts [N]`. One process holds a Parley server (and then a bare line server, the
 * floor's shape) and N client sockets; the heap after a full GC, before and after the N sessions,
 * gives bytes per session. The clients cost the same in both, so the difference between the two is
 * what Parley keeps per idle session beyond a socket and its line buffer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { ChatServer } from '../src-main/server/chat-server.js';
import { ChatStore } from '../src-main/store/chat-store.js';
import { FAST_SCRYPT, hashPassword } from '../src-main/store/password.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');
const N = Number(process.argv[2] ?? 1000);

function heap(): number {
  for (let i = 0; i < 4; i++) gc?.();
  return process.memoryUsage().heapUsed;
}

/** Opens a socket, writes `line`, resolves at the first reply line (or at once if `wait` is false). */
async function client(port: number, line: string): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  socket.setEncoding('utf8');
  socket.write(line);
  const [text] = (await once(socket, 'data')) as [string];
  if (!text.startsWith('[200]')) throw new Error(`unexpected reply ${text}`);
  socket.on('data', () => undefined);
  return socket;
}

async function parley(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-idle-heap-'));
  const store = ChatStore.open(join(dir, 'parley.sqlite'));
  const hash = await hashPassword('idle-secret', FAST_SCRYPT);
  for (let i = 0; i < N; i++) store.users.create(`idle${i}`, hash, 0);
  const server = new ChatServer({
    store,
    passwordParams: FAST_SCRYPT,
    options: {
      host: '127.0.0.1',
      port: 0,
      limits: { maxConnections: N + 10, maxConnectionsPerAddress: N + 10 },
    },
  });
  const { port } = await server.start();
  // One login first, so what is built once (prepared statements, code) is not counted per session.
  const first = await client(port, `[login] {"username":"idle0","password":"idle-secret"}\n`);
  const before = heap();
  const sockets = [first];
  for (let i = 1; i < N; i++) {
    sockets.push(
      await client(port, `[login] {"username":"idle${i}","password":"idle-secret","presenceBatch":true}\n`),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 200)); // the last presence window
  const perSession = (heap() - before) / (N - 1);
  for (const socket of sockets) socket.destroy();
  await server.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return perSession;
}

async function bare(): Promise<number> {
  const server = createServer((socket) => {
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      buffered += text;
      const lf = buffered.lastIndexOf('\n');
      if (lf >= 0) {
        buffered = buffered.slice(lf + 1);
        socket.write('[200] {}\n');
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const first = await client(port, '[login] {}\n');
  const before = heap();
  const sockets = [first];
  for (let i = 1; i < N; i++) sockets.push(await client(port, '[login] {}\n'));
  const perSession = (heap() - before) / (N - 1);
  for (const socket of sockets) socket.destroy();
  server.close();
  return perSession;
}

const b = await bare();
const p = await parley();
process.stdout.write(
  `${N} idle sessions, JS heap per session (clients included): bare line server ${Math.round(b)} B, ` +
    `Parley ${Math.round(p)} B, Parley's own ${Math.round(p - b)} B\n`,
);
