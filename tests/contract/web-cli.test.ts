/**
 * `npm run web`'s program as a child process: it prints the page's address on a line of its own,
 * serves it, and closes the core cleanly on SIGTERM (the embedded server says goodbye).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { HOSTING, useAppFixture } from './app-fixture.js';

const CLI = join(import.meta.dirname, '..', '..', 'src-main', 'web', 'cli.ts');
const fx = useAppFixture();
const children: ReturnType<typeof spawn>[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `npm run web` on `profile`, once it printed its address. */
async function startCli(
  profile: string,
  extra: string[] = [],
  anyPort = true,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = anyPort ? ['--port', '0'] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...port, '--profile', profile, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('http://')) resolve(line);
    });
    void exited.then(() => reject(new Error(`exited early: ${stderr}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('npm run web', () => {
  it('prints the address with a token, serves the page, and closes cleanly on SIGTERM', async () => {
    const profile = fx.profile(HOSTING);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--profile', profile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const exited = once(child, 'exit');
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
    const lines = createInterface({ input: child.stdout });
    const out: string[] = [];
    const address = await new Promise<string>((resolve, reject) => {
      lines.on('line', (line) => {
        out.push(line);
        if (line.startsWith('http://')) resolve(line);
      });
      void exited.then(() => reject(new Error(`exited early: ${stderr.join('\n')}`)));
    });
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{32}$/);
    expect(out[0]).toBe(`Parley browser mode, profile ${profile}`);
    const page = await fetch(address);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(stderr.join('\n')).toContain('SIGTERM: closing');
    expect(stderr.join('\n')).toContain('server shutdown');
  });

  it('keeps the page address across restarts (a tab gets back in), and --new-token replaces the token', async () => {
    const profile = fx.profile();
    // No --port: the profile's last port, so the same address works again.
    const first = await startCli(profile, [], false);
    await first.stop();
    const second = await startCli(profile, [], false);
    expect(second.url).toBe(first.url);
    expect(statSync(join(profile, 'web-token')).mode & 0o777).toBe(0o600);
    await second.stop();
    const rotated = await startCli(profile, ['--new-token']);
    expect(new URL(rotated.url).searchParams.get('token')).not.toBe(
      new URL(first.url).searchParams.get('token'),
    );
    const check = (token: string | null) =>
      fetch(`${new URL(rotated.url).origin}/api/token?token=${token ?? ''}`).then((r) => r.status);
    expect(await check(new URL(first.url).searchParams.get('token'))).toBe(401);
    expect(await check(new URL(rotated.url).searchParams.get('token'))).toBe(204);
    await rotated.stop();
  });

  it('refuses a second copy on the same profile with one line', async () => {
    const profile = fx.profile();
    const first = await startCli(profile);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--profile', profile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining(`the profile ${profile} is in use`)]);
    await first.stop();
  });

  it('refuses a bad flag with one line that points at --help, and status 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', 'eighty'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^error: --port must be a whole number[^\n]*\(npm run web -- --help lists the options\)\n$/,
    );
  });
});
