/** `--report-stats`: the real CLI answers SIGUSR2 with one `stats {...}` line and keeps serving. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { loggedIn, type LineClient } from '../../tests/helpers/line-client.js';

const CLI = join(import.meta.dirname, 'cli.ts');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function startCli(args: string[]): { child: ChildProcess; nextLine: () => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else lines.push(line);
  });
  const nextLine = (): Promise<string> => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve, reject) => {
      waiters.push(resolve);
      child.once('exit', () => reject(new Error('server exited')));
    });
  };
  return { child, nextLine };
}

describe('--report-stats', () => {
  it('prints event-loop delay, memory and counts on SIGUSR2, once per signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-stats-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { child, nextLine } = startCli([
      '--port',
      '0',
      '--data',
      dir,
      '--password-cost',
      'fast',
      '--report-stats',
    ]);
    const port = Number(/^listening on 127\.0\.0\.1:(\d+)$/.exec(await nextLine())?.[1]);
    const clients: LineClient[] = [await loggedIn(port, 'ann'), await loggedIn(port, 'bob')];
    cleanups.push(() => clients.forEach((client) => client.close()));
    child.kill('SIGUSR2');
    const first = JSON.parse((await nextLine()).replace(/^stats /, '')) as Record<string, unknown>;
    expect(first).toMatchObject({ connections: 2, online: 2 });
    expect(typeof (first.presence as Record<string, unknown>).windows).toBe('number');
    const delay = first.eventLoopDelayMs as Record<string, number>;
    for (const key of ['p50', 'p99', 'max', 'mean']) expect(delay[key]).toBeGreaterThanOrEqual(0);
    expect(typeof (first.gc as Record<string, unknown>).count).toBe('number');
    expect(first.rssBytes).toBeGreaterThan(first.heapUsedBytes as number);
    // Still serving after the signal, and a second signal gives a second report.
    expect(await clients[0]?.request('whoelse')).toEqual({ status: 200, body: { users: ['bob'] } });
    child.kill('SIGUSR2');
    expect(await nextLine()).toMatch(/^stats \{"eventLoopDelayMs":/);
  });
});
