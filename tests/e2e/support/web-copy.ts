/**
 * One browser-mode copy of Parley (`src-main/web/cli.ts`) as a child process with its own temp
 * profile: started on port 0, its address read from the `http://` line it prints, stopped and
 * deleted by `dispose()`. The e2e fixture, the screenshots and benchmark scenario 8 all use it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

export interface WebCopy {
  readonly name: string;
  /** The page address with its token, as printed. */
  readonly url: string;
  readonly origin: string;
  readonly profileDir: string;
  /** The process id of the copy (with a prefix, of what it exec'd into). */
  readonly pid: number;
  /** The copy's output so far (stdout and stderr), for failure messages. */
  readonly output: readonly string[];
  /** Stops the process (SIGTERM, then SIGKILL) and deletes the profile. */
  dispose(): Promise<void>;
}

export interface WebCopyOptions {
  readonly name: string;
  /** Reuse this profile (kept at dispose) instead of a fresh temp one. */
  readonly profileDir?: string;
  readonly startTimeoutMs?: number;
  /** The HTTP port; default 0 (a free one), so copies never fight over one. */
  readonly port?: number;
  /**
   * Top-level settings written to the profile's settings.json before the start (the app checks
   * each part against the contract and keeps its defaults for the rest).
   */
  readonly settings?: Record<string, unknown>;
  /** A command the copy runs under (e.g. one that puts it in a network namespace of its own). */
  readonly prefix?: readonly string[];
  /** Environment variables on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Copies don't host unless a test says so: a fresh profile would otherwise start the embedded
 * server on its default port at launch, and copies would fight over it.
 */
export const NOT_HOSTING = {
  hosting: {
    enabled: false,
    port: 0,
    allowLan: false,
    blockDurationSeconds: 60,
    inactivityTimeoutSeconds: 0,
  },
};

const URL_LINE = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\s*$/m;

export async function launchWebCopy(options: WebCopyOptions): Promise<WebCopy> {
  const ownProfile = options.profileDir === undefined;
  const profileDir = options.profileDir ?? mkdtempSync(join(tmpdir(), `parley-e2e-${options.name}-`));
  if (options.settings !== undefined) writeSettings(profileDir, options.settings);
  // Node with tsx's loader directly (not npx/npm), so the pid we signal is the app itself.
  const app = [
    '--import',
    'tsx',
    'src-main/web/cli.ts',
    '--port',
    String(options.port ?? 0),
    '--profile',
    profileDir,
  ];
  const command = [...(options.prefix ?? []), process.execPath, ...app];
  const child = spawn(command[0] ?? process.execPath, command.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', ...options.env },
  });
  const output: string[] = [];
  let stopped: Promise<void> | undefined;
  const dispose = (): Promise<void> => {
    stopped ??= stopChild(child).finally(() => {
      if (ownProfile) rmSync(profileDir, { recursive: true, force: true });
    });
    return stopped;
  };
  try {
    const url = await readUrl(child, output, options.startTimeoutMs ?? 60_000);
    return {
      name: options.name,
      url,
      origin: new URL(url).origin,
      profileDir,
      pid: child.pid ?? 0,
      output,
      dispose,
    };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function readUrl(child: ChildProcess, output: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => fail(new Error(`no http:// line within ${timeoutMs} ms; output:\n${output.join('')}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output.push(text);
      buffered += text;
      const match = URL_LINE.exec(buffered);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null): void =>
      fail(new Error(`exited (${code ?? signal}) before printing its address; output:\n${output.join('')}`));
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.off('exit', onExit);
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}

/** A port that was free a moment ago (for settings that need a real port number, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function writeSettings(profileDir: string, settings: Record<string, unknown>): void {
  const file = join(profileDir, 'settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, `${JSON.stringify({ ...current, ...settings }, null, 2)}\n`);
}
