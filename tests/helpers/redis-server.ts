/**
 * A real /usr/bin/redis-server for scale-out tests: a free port on 127.0.0.1, a temp folder, the
 * append-only file on with `appendfsync everysec` (the settings docs/scale-out.md asks for), no RDB
 * snapshots, noeviction. It can be killed with -9 and restarted over the same folder and port (the
 * AOF is replayed), restarted empty, paused (SIGSTOP) and resumed, and have its pub/sub clients cut.
 * Readiness is awaited on the server's own "Ready to accept connections" line, then a PING.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../bench/lib/free-port.js';

export const REDIS_BINARY = '/usr/bin/redis-server';

export interface RedisServer {
  readonly port: number;
  readonly dir: string;
  /** `redis://127.0.0.1:PORT`, for `--redis`. */
  readonly url: string;
  /** The running process's pid (changes on restart). */
  readonly pid: number;
  /** The current process's output lines. */
  readonly log: readonly string[];
  /** Sends one command on a fresh connection and resolves with its reply (errors as `Error`). */
  command(...args: string[]): Promise<RespValue>;
  /** kill -9, resolved once the process is gone. */
  kill9(): Promise<void>;
  /** Starts it again on the same port over the same folder: the AOF is replayed. */
  restart(): Promise<void>;
  /** kill -9, deletes the folder's data, starts again on the same port: Redis came back empty. */
  restartEmpty(): Promise<void>;
  /** SIGSTOP: the process holds its connections and answers nothing. */
  stop(): void;
  /** SIGCONT. */
  cont(): void;
  /** `CLIENT KILL TYPE pubsub`: the number of subscriber connections cut. */
  killPubsubClients(): Promise<number>;
  /** kill -9 and delete the folder. */
  dispose(): Promise<void>;
}

export type RespValue = string | number | null | RespValue[] | Error;

const all = new Set<RedisServer>();

/** Stops every redis-server started by this process (for afterAll). */
export async function disposeAllRedis(): Promise<void> {
  await Promise.all([...all].map((r) => r.dispose()));
}

function args(port: number, dir: string): string[] {
  return [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--protected-mode',
    'no',
    '--logfile',
    '',
  ];
}

interface Spawned {
  readonly child: ChildProcess;
  readonly log: string[];
  readonly exited: Promise<void>;
}

/** Spawns redis-server and resolves once it is ready, or with 'in-use' when the port was taken. */
async function spawnRedis(port: number, dir: string): Promise<Spawned | 'in-use'> {
  const child = spawn(REDIS_BINARY, args(port, dir), { stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const exited = once(child, 'exit').then(() => undefined);
  const ready = new Promise<void>((resolve) => {
    const onLine = (line: string): void => {
      log.push(line);
      if (log.length > 400) log.splice(0, 200);
      if (line.includes('Ready to accept connections')) resolve();
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', onLine);
  });
  const outcome = await Promise.race([
    ready.then(() => 'ready' as const),
    exited.then(() => 'exit' as const),
  ]);
  if (outcome === 'exit') {
    if (log.some((l) => /Address already in use/i.test(l))) return 'in-use';
    throw new Error(`redis-server exited early:\n${log.join('\n')}`);
  }
  const pong = await sendCommand(port, ['PING']);
  if (pong !== 'PONG') throw new Error(`redis-server answered PING with ${String(pong)}`);
  return { child, log, exited };
}

/** Starts a redis-server on a free port in a new temp folder. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  let spawned: Spawned | undefined;
  let port = 0;
  for (let attempt = 0; spawned === undefined; attempt++) {
    port = await freePort();
    const result = await spawnRedis(port, dir);
    if (result !== 'in-use') spawned = result;
    else if (attempt > 20) throw new Error('no free port for redis-server');
  }
  let current: Spawned = spawned;

  const kill9 = async (): Promise<void> => {
    const { child, exited } = current;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const startAgain = async (): Promise<void> => {
    // The same port: a node reconnects where it was. A lingering socket may hold it a moment.
    for (let attempt = 0; ; attempt++) {
      const result = await spawnRedis(port, dir);
      if (result !== 'in-use') {
        current = result;
        return;
      }
      if (attempt > 100) throw new Error(`port ${port} stayed in use`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const redis: RedisServer = {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return current.child.pid ?? -1;
    },
    get log() {
      return current.log;
    },
    command: (...command: string[]) => sendCommand(port, command),
    kill9,
    async restart() {
      await kill9();
      await startAgain();
    },
    async restartEmpty() {
      await kill9();
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await startAgain();
    },
    stop() {
      current.child.kill('SIGSTOP');
    },
    cont() {
      current.child.kill('SIGCONT');
    },
    async killPubsubClients() {
      const reply = await sendCommand(port, ['CLIENT', 'KILL', 'TYPE', 'pubsub']);
      if (typeof reply !== 'number') throw new Error(`CLIENT KILL answered ${String(reply)}`);
      return reply;
    },
    async dispose() {
      all.delete(redis);
      current.child.kill('SIGCONT');
      await kill9();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  all.add(redis);
  return redis;
}

/** One RESP command on its own connection; resolves with the parsed reply. */
export function sendCommand(
  port: number,
  command: readonly string[],
  timeoutMs = 10_000,
): Promise<RespValue> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`redis ${command[0]} timed out`));
    }, timeoutMs);
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseResp(buffer, 0);
      if (parsed === undefined) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(parsed.value);
    });
    let out = `*${command.length}\r\n`;
    for (const part of command) out += `$${Buffer.byteLength(part)}\r\n${part}\r\n`;
    socket.write(out);
  });
}

function parseResp(buf: Buffer, at: number): { value: RespValue; end: number } | undefined {
  const lineEnd = buf.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buf[at] ?? 0);
  const text = buf.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: text, end: next };
    case '-':
      return { value: new Error(text), end: next };
    case ':':
      return { value: Number(text), end: next };
    case '$': {
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return undefined;
      return { value: buf.toString('utf8', next, next + n), end: next + n + 2 };
    }
    case '*': {
      const n = Number(text);
      if (n < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let end = next;
      for (let i = 0; i < n; i++) {
        const item = parseResp(buf, end);
        if (item === undefined) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected RESP type ${type}`);
  }
}
