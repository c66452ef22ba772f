/**
 * Child processes of a benchmark run: spawn pinned to a core, wait for a ready line, stop them, and
 * make sure none outlives the run. Every pid is written to a file that a tiny detached `sh` reaper
 * watches: if this process dies without cleaning up (SIGKILL, a killed test worker), the reaper
 * kills exactly those pids a second later.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Pinned {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last lines the process printed on stdout and stderr, for error reports. */
  readonly tail: string[];
  /** Every `stats {...}` line it printed on stdout (a Parley server run with --report-stats). */
  readonly stats: string[];
}

const live = new Map<number, ChildProcess>();
let pidFile: string | undefined;
let handlersInstalled = false;

function registryDir(): string {
  if (pidFile === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-pids-'));
    pidFile = join(dir, 'pids');
    writeFileSync(pidFile, '');
    const script =
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; ` +
      `for p in $(cat '${pidFile}' 2>/dev/null); do kill -9 "$p" 2>/dev/null; done; rm -rf '${dir}'`;
    const reaper = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    reaper.unref();
  }
  return pidFile;
}

function writeRegistry(): void {
  writeFileSync(registryDir(), [...live.keys()].join('\n'));
}

function installExitHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAllNow();
      process.exit(130);
    });
  }
}

/** Synchronous last resort: SIGKILL every child still registered. */
export function killAllNow(): void {
  for (const [pid] of live) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
  if (pidFile !== undefined) {
    try {
      rmSync(join(pidFile, '..'), { recursive: true, force: true });
    } catch {
      // the reaper may have removed it
    }
  }
}

/** Spawns `command args` pinned to `core` with taskset (when present), registered for cleanup. */
export function spawnPinned(
  core: number | undefined,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Pinned {
  installExitHandlers();
  const [cmd, argv] =
    core === undefined ? [command, [...args]] : ['taskset', ['-c', String(core), command, ...args]];
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  live.set(pid, child);
  writeRegistry();
  child.once('exit', () => {
    live.delete(pid);
    writeRegistry();
  });
  const tail: string[] = [];
  const stats: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (stream === null || stream === undefined) continue;
    createInterface({ input: stream }).on('line', (line) => {
      if (stream === child.stdout && line.startsWith('stats {')) stats.push(line);
      tail.push(line);
      if (tail.length > 40) tail.shift();
    });
  }
  return { child, pid, tail, stats };
}

/** Resolves with the first stdout line matching `pattern`; rejects on exit or after `timeoutMs`. */
export function waitForLine(p: Pinned, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const stdout = p.child.stdout;
    if (stdout === null) {
      reject(new Error('no stdout to watch'));
      return;
    }
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => finish(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null, signal: string | null): void =>
      finish(new Error(`exited (${code ?? signal}) before it was ready`));
    const onLine = (line: string): void => {
      const match = pattern.exec(line);
      if (match !== null) finish(undefined, match);
    };
    function finish(error: Error | undefined, match?: RegExpMatchArray): void {
      clearTimeout(timer);
      lines.off('line', onLine);
      p.child.off('exit', onExit);
      if (error !== undefined) reject(new Error(`${error.message}; last output:\n${p.tail.join('\n')}`));
      else if (match !== undefined) resolve(match);
    }
    lines.on('line', onLine);
    p.child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export function stopProcess(
  p: Pinned,
  graceMs = 5_000,
): Promise<{ code: number | null; signal: string | null; killed: boolean }> {
  return new Promise((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      resolve({ code: p.child.exitCode, signal: p.child.signalCode, killed: false });
      return;
    }
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      p.child.kill('SIGKILL');
    }, graceMs);
    p.child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, killed });
    });
    p.child.kill('SIGTERM');
  });
}

export function hasTaskset(): boolean {
  return which('taskset') !== undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Full path of an executable, looking in the sbin folders too (ngircd lives in /usr/sbin). */
export function which(name: string): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/local/sbin']);
  for (const dir of dirs) {
    if (dir === '') continue;
    const full = join(dir, name);
    if (isExecutable(full)) return full;
  }
  return undefined;
}
