/**
 * The Electron binary: electron-vite and Playwright read node_modules/electron/path.txt, and
 * Electron 45 downloads its binary on first use rather than at install. Fetching it here, before
 * anything is built, turns "no internet" into one clear sentence instead of a stack trace.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Outcome =
  { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly reason: string };

const NETWORK_FAILURE = /fetch failed|ENOTFOUND|ECONNREFUSED|ECONNRESET|EAI_AGAIN|ETIMEDOUT|network/i;

/** The executable named by path.txt, or undefined when Electron has not been downloaded. */
export function installedElectron(electronDir: string): string | undefined {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const executable = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : undefined;
}

/** Runs Electron's own installer when the binary is missing; its output is kept, not shown. */
export async function ensureElectronBinary(electronDir: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const present = installedElectron(electronDir);
  if (present !== undefined) return { ok: true, detail: present };
  const run = await runQuietly(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    env,
  });
  const installed = installedElectron(electronDir);
  if (run.code === 0 && installed !== undefined) return { ok: true, detail: installed };
  const why = NETWORK_FAILURE.test(run.output)
    ? 'no connection to its download server'
    : firstErrorLine(run.output);
  return { ok: false, reason: `the Electron binary could not be downloaded (${why})` };
}

export interface QuietRun {
  readonly code: number;
  readonly output: string;
}

export function runQuietly(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<QuietRun> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) =>
      resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** The line of a tool's output that says what went wrong, without its stack. */
export function firstErrorLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !line.startsWith('gyp info'));
  const error = lines.find((line) => /error|fail|ENOTFOUND|ECONN|EAI_AGAIN|ETIMEDOUT|refused/i.test(line));
  const chosen = error ?? lines.at(-1) ?? 'no output';
  return chosen.length > 200 ? `${chosen.slice(0, 199)}…` : chosen;
}
