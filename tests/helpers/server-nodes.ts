/**
 * Several Parley nodes as real processes on one Redis (`--redis URL --node-name NAME`), each on its
 * own port and data folder: kill -9, SIGSTOP/SIGCONT and restart (same port, same name) a node.
 * Start is awaited on the node's `listening on` line. Every node still running is killed by
 * `disposeAll`, pass or fail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'server', 'cli.ts');

/** Flags every test node runs with: cheap hashes, no rate limits (many requests from 127.0.0.1). */
export const TEST_NODE_FLAGS: readonly string[] = [
  '--password-cost',
  'fast',
  '--rate-limit',
  '0',
  '--login-failures-per-minute',
  '0',
  '--registrations-per-minute',
  '0',
  '--history-per-minute',
  '0',
  '--invites-per-minute',
  '0',
];

export interface ParleyNode {
  readonly name: string;
  /** Fixed across restarts once the first start has picked it. */
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number;
  /** The current process's stdout and stderr lines. */
  readonly output: readonly string[];
  readonly alive: boolean;
  /** Resolves with the first output line (from now on, or already printed) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill9(): Promise<void>;
  /** SIGTERM: the node says `[bye] shutdown` to its users and exits; resolved once it has. */
  terminate(): Promise<void>;
  stop(): void;
  cont(): void;
  /** kill -9 if running, then start again on the same port with the same name. */
  restart(): Promise<void>;
  /** kill -9 and delete the data folder. */
  dispose(): Promise<void>;
}

export interface NodeOptions {
  /** Extra flags after TEST_NODE_FLAGS (e.g. `--block-duration 5`). */
  readonly flags?: readonly string[];
  /** Environment over this process's. */
  readonly env?: NodeJS.ProcessEnv;
}

interface Proc {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly exited: Promise<void>;
  readonly watchers: Set<(line: string) => void>;
}

const nodes = new Set<ParleyNode>();

/** kill -9 every node started here and delete their folders. */
export async function disposeAllNodes(): Promise<void> {
  await Promise.all([...nodes].map((n) => n.dispose()));
}

async function spawnNode(
  redisUrl: string,
  name: string,
  port: number,
  dataDir: string,
  options: NodeOptions,
) {
  const args = [
    '--redis',
    redisUrl,
    '--node-name',
    name,
    '--port',
    String(port),
    '--data',
    dataDir,
    ...TEST_NODE_FLAGS,
    ...(options.flags ?? []),
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const output: string[] = [];
  const watchers = new Set<(line: string) => void>();
  const exited = once(child, 'exit').then(() => undefined);
  const onLine = (line: string): void => {
    output.push(line);
    if (output.length > 2000) output.splice(0, 1000);
    for (const watch of [...watchers]) watch(line);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', onLine);
  const proc: Proc = { child, output, exited, watchers };
  const listening = await Promise.race([
    lineOf(proc, /^listening on 127\.0\.0\.1:(\d+)$/, 60_000),
    exited.then(() => {
      throw new Error(`node ${name} exited early:\n${output.join('\n')}`);
    }),
  ]);
  const actual = Number(/(\d+)$/.exec(listening)?.[1]);
  return { proc, port: actual };
}

function lineOf(proc: Proc, pattern: RegExp, timeoutMs: number): Promise<string> {
  const already = proc.output.find((line) => pattern.test(line));
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.watchers.delete(watch);
      reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${proc.output.join('\n')}`));
    }, timeoutMs);
    const watch = (line: string): void => {
      if (!pattern.test(line)) return;
      clearTimeout(timer);
      proc.watchers.delete(watch);
      resolve(line);
    };
    proc.watchers.add(watch);
  });
}

/** Starts one node named `name` on `redisUrl` (port 0 picks a free one, kept for restarts). */
export async function startNode(
  redisUrl: string,
  name: string,
  options: NodeOptions = {},
  port = 0,
): Promise<ParleyNode> {
  const dataDir = mkdtempSync(join(tmpdir(), `parley-node-${name}-`));
  let started: Awaited<ReturnType<typeof spawnNode>>;
  try {
    started = await spawnNode(redisUrl, name, port, dataDir, options);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  let proc = started.proc;
  const fixedPort = started.port;
  const isAlive = (): boolean => proc.child.exitCode === null && proc.child.signalCode === null;
  const kill9 = async (): Promise<void> => {
    if (!isAlive()) return;
    proc.child.kill('SIGKILL');
    await proc.exited;
  };
  const node: ParleyNode = {
    name,
    port: fixedPort,
    dataDir,
    get pid() {
      return proc.child.pid ?? -1;
    },
    get output() {
      return proc.output;
    },
    get alive() {
      return isAlive();
    },
    waitForLine: (pattern: RegExp, timeoutMs = 30_000) => lineOf(proc, pattern, timeoutMs),
    kill9,
    async terminate() {
      if (!isAlive()) return;
      proc.child.kill('SIGTERM');
      await proc.exited;
    },
    stop() {
      proc.child.kill('SIGSTOP');
    },
    cont() {
      proc.child.kill('SIGCONT');
    },
    async restart() {
      await kill9();
      // The port may linger a moment after kill -9 on a loaded machine; the CLI exits on EADDRINUSE.
      for (let attempt = 0; ; attempt++) {
        try {
          proc = (await spawnNode(redisUrl, name, fixedPort, dataDir, options)).proc;
          return;
        } catch (error) {
          if (attempt > 40 || !/EADDRINUSE/.test(String(error))) throw error;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
    },
    async dispose() {
      nodes.delete(node);
      await kill9();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  nodes.add(node);
  return node;
}

/** Starts `count` nodes named n0, n1, ... on one Redis, in parallel. */
export function startNodes(
  redisUrl: string,
  count: number,
  options: NodeOptions = {},
): Promise<ParleyNode[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => startNode(redisUrl, `n${i}`, options)));
}
