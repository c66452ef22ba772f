/**
 * `npm run web`'s program as a child process: it prints the page's address on a line of its own,
 * serves it, and closes the core cleanly on SIGTERM (the embedded server says goodbye).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
