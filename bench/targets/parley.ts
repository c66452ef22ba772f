/**
 * Starts the real Parley server CLI (src-main/server/cli.ts) as its own pinned process on port 0,
 * with a fresh data folder that is removed when it stops. Loaded with `node --import tsx` so the
 * pid we measure is the server itself, not a tsx wrapper.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnPinned, waitForLine } from '../lib/processes.js';
import { makeRunning, type StartOptions, type TargetStarter } from './target.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
let serverRoot = repoRoot;

/**
 * Runs the server from another tree (a snapshot of a commit, see lib/server-snapshot.ts) instead
 * of this working tree, where someone may be editing the server while the benchmark runs.
 */
export function useServerRoot(dir: string): void {
  serverRoot = dir;
}

export function parleyCli(): string {
  return join(serverRoot, 'src-main', 'server', 'cli.ts');
}

/** Flags for load scenarios: fast hashing, no rate or lockout limits, room for every connection. */
export const loadFlags: readonly string[] = [
  '--password-cost',
  'fast',
  '--rate-limit',
  '0',
  '--login-failures-per-minute',
  '0',
  '--max-connections',
  '19000',
  '--max-per-address',
  '19000',
  '--timeout',
  '0',
];

/**
 * Every scenario registers its users from one address. Servers older than the per-address
 * registration limit don't know its flag (and exit on it), so it is passed only where it exists.
 */
function registrationFlags(): string[] {
  const options = readFileSync(join(serverRoot, 'src-main', 'server', 'cli-options.ts'), 'utf8');
  return options.includes("'registrations-per-minute'") ? ['--registrations-per-minute', '0'] : [];
}

/**
 * `--report-stats` (the server prints a `stats` line on SIGUSR2) where the server has it. Without
 * the flag SIGUSR2 would kill the server, so the generator signals only when this says yes.
 */
export function parleyReportsStats(): boolean {
  const options = readFileSync(join(serverRoot, 'src-main', 'server', 'cli-options.ts'), 'utf8');
  return options.includes("'report-stats'");
}

export const parleyTarget: TargetStarter = {
  name: 'parley',
  unavailable: () => (existsSync(parleyCli()) ? undefined : 'server CLI missing (src-main/server/cli.ts)'),
  async start(options: StartOptions) {
    const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
    const profile =
      options.profileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.profileDir];
    const args = [
      ...profile,
      '--import',
      'tsx',
      parleyCli(),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--data',
      dir,
      ...(options.flags ?? loadFlags),
      ...registrationFlags(),
      ...(options.tls ? ['--tls', 'on'] : []),
      ...(parleyReportsStats() ? ['--report-stats'] : []),
    ];
    const p = spawnPinned(options.core, process.execPath, args, {
      cwd: serverRoot,
    });
    const cleanup = (): void => {
      if (options.dataDir === undefined) rmSync(dir, { recursive: true, force: true });
    };
    try {
      const match = await waitForLine(p, /^listening on (\S+):(\d+)\s*$/, 30_000);
      // A profiled server must exit by itself to write its profile: give it time to wind down.
      const grace = options.profileDir === undefined ? 5_000 : 120_000;
      const host = match[1] ?? '127.0.0.1';
      return makeRunning('parley', 'parley', host, Number(match[2]), p, cleanup, grace, options.tls === true);
    } catch (error) {
      p.child.kill('SIGKILL');
      cleanup();
      throw error;
    }
  },
};
