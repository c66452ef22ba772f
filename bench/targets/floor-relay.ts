/**
 * The floor: the least a Node line relay can do for Parley's traffic, as its own process. It reads
 * frames and forwards each `[message]` line as it is to the user named after `"to":"`, and each
 * `[broadcast]` line to everyone else: no validation, no JSON, no storage, no acknowledgement.
 * `[register]`, `[login]` (which names the connection) and `[ping]` get `[200] {}`.
 *
 * Run: node --import tsx bench/targets/floor-relay.ts [--host H] [--port P]; prints
 * `listening on H:P`, exits on SIGTERM or when its stdin closes (the benchmark is gone).
 */
import { createServer, type Socket } from 'node:net';

const LF = 0x0a;
const OK = Buffer.from('[200] {}\n');
const USERNAME_KEY = Buffer.from('"username":"');
const TO_KEY = Buffer.from('"to":"');
const QUOTE = 0x22;
const CHAR_B = 0x62; // [broadcast]
const CHAR_L = 0x6c; // [login]
const CHAR_M = 0x6d; // [message]

interface Peer {
  readonly socket: Socket;
  name: string | undefined;
  rest: Buffer | undefined;
}

const byName = new Map<string, Peer>();
const everyone = new Set<Peer>();
const corked = new Set<Socket>();

function argValue(flag: string, fallback: string): string {
  const at = process.argv.indexOf(flag);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

function send(socket: Socket, bytes: Buffer): void {
  if (!corked.has(socket)) {
    socket.cork();
    corked.add(socket);
  }
  socket.write(bytes);
}

function quotedAfter(buf: Buffer, key: Buffer, from: number, to: number): string | undefined {
  const at = buf.indexOf(key, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + key.length;
  const end = buf.indexOf(QUOTE, start);
  return end < 0 || end > to ? undefined : buf.toString('latin1', start, end);
}

function handleLine(peer: Peer, buf: Buffer, start: number, lf: number): void {
  const line = buf.subarray(start, lf + 1);
  switch (buf[start + 1]) {
    case CHAR_M: {
      const to = quotedAfter(buf, TO_KEY, start, lf);
      const dest = to === undefined ? undefined : byName.get(to);
      if (dest !== undefined) send(dest.socket, line);
      return;
    }
    case CHAR_B:
      for (const other of everyone) if (other !== peer) send(other.socket, line);
      return;
    case CHAR_L: {
      const name = quotedAfter(buf, USERNAME_KEY, start, lf);
      if (name !== undefined) {
        peer.name = name;
        byName.set(name, peer);
      }
      send(peer.socket, OK);
      return;
    }
    default:
      send(peer.socket, OK); // register, ping and anything else
  }
}

function onData(peer: Peer, chunk: Buffer): void {
  const buf = peer.rest === undefined ? chunk : Buffer.concat([peer.rest, chunk]);
  let start = 0;
  let lf = buf.indexOf(LF, start);
  while (lf >= 0) {
    if (lf > start) handleLine(peer, buf, start, lf);
    start = lf + 1;
    lf = buf.indexOf(LF, start);
  }
  peer.rest = start < buf.length ? buf.subarray(start) : undefined;
  for (const socket of corked) socket.uncork();
  corked.clear();
}

const server = createServer({ noDelay: true }, (socket) => {
  const peer: Peer = { socket, name: undefined, rest: undefined };
  everyone.add(peer);
  socket.on('data', (chunk: Buffer) => onData(peer, chunk));
  socket.on('error', () => socket.destroy());
  socket.on('close', () => {
    everyone.delete(peer);
    if (peer.name !== undefined && byName.get(peer.name) === peer) byName.delete(peer.name);
  });
});

const host = argValue('--host', '127.0.0.1');
server.listen(Number(argValue('--port', '0')), host, 1024, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`listening on ${host}:${port}\n`);
});

function shutdown(): void {
  for (const peer of everyone) peer.socket.destroy();
  server.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.resume();
