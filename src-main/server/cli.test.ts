import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { LineClient, loggedIn } from '../../tests/helpers/line-client.js';
import { parseServerArgs, UsageError } from './cli-options.js';

const CLI = join(import.meta.dirname, 'cli.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
  dirs.push(dir);
  return dir;
}

/** Starts the real CLI and resolves once it prints its `listening on` line. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; port: number; stderr: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const stderr: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const lines = createInterface({ input: child.stdout });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error(`server exited early: ${stderr.join('\n')}`);
    }),
  ])) as [string];
  const match = /^listening on 127\.0\.0\.1:(\d+)$/.exec(first);
  if (!match) throw new Error(`unexpected first line: ${first}`);
  return { child, port: Number(match[1]), stderr };
}

describe('parseServerArgs', () => {
  it('reads named flags and the seed positional form', () => {
    const named = parseServerArgs(['--port', '6000', '--block-duration', '10', '--timeout', '30']);
    expect(named.server).toMatchObject({
      host: '127.0.0.1',
      port: 6000,
      blockDurationMs: 10_000,
      inactivityTimeoutMs: 30_000,
    });
    const positional = parseServerArgs(['7000', '20', '40']);
    expect(positional.server).toMatchObject({
      port: 7000,
      blockDurationMs: 20_000,
      inactivityTimeoutMs: 40_000,
    });
  });

  it.each([
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--nope']],
    [['1', '2']],
    [['--password-cost', 'cheap']],
  ])('rejects %j with a usage error', (args) => {
    expect(() => parseServerArgs(args)).toThrow(UsageError);
  });
});

describe('server CLI', () => {
  it.each([
    [['--port', 'x'], 'error: --port must be a whole number, got "x"'],
    // Defect 25 of issue 17: Node's own sentence, with its unbalanced quote, is not shown.
    [['--bogus'], 'error: unknown option --bogus'],
  ])('says what is wrong with %j in one line that points at --help, and exits 2', async (args, what) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toBe(`${what} (npm run server -- --help lists the options)\n`);
  });

  it('serves, logs logins with a timestamp, and on SIGTERM says bye and exits 0', async () => {
    const { child, port, stderr } = await startCli([
      '--port',
      '0',
      '--data',
      tempDir(),
      '--password-cost',
      'fast',
    ]);
    const ann = await loggedIn(port, 'ann');
    child.kill('SIGTERM');
    expect(await ann.push('bye')).toEqual({ reason: 'shutdown' });
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(stderr.some((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z login ann from 127\.0\.0\.1$/.test(l))).toBe(true);
  });

  it('keeps every acknowledged offline message through kill -9', async () => {
    const data = tempDir();
    const first = await startCli(['--port', '0', '--data', data, '--password-cost', 'fast']);
    const ann = await loggedIn(first.port, 'ann');
    await ann.request('logout');
    await ann.closed;
    const sender = await loggedIn(first.port, 'cat');
    let acknowledged = 0;
    for (let i = 0; i < 200; i++) {
      const res = await sender.request('message', { to: 'ann', text: `m${i}` });
      if (res.status === 200 && (res.body as { delivered: boolean }).delivered === false) acknowledged++;
    }
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    const second = await startCli(['--port', '0', '--data', data, '--password-cost', 'fast']);
    const again = await LineClient.connect(second.port);
    expect((await again.request('login', { username: 'ann', password: 'ann-secret' })).status).toBe(200);
    const texts = [];
    for (let i = 0; i < acknowledged; i++) texts.push((await again.push('message')).text);
    expect(acknowledged).toBe(200);
    expect(texts).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    again.close();
  });

  it('keeps every message answered 200 through kill -9: offline, and pushed but not acknowledged', async () => {
    const data = tempDir();
    const first = await startCli([
      '--port',
      '0',
      '--data',
      data,
      '--password-cost',
      'fast',
      '--rate-limit',
      '0',
    ]);
    const ann = await loggedIn(first.port, 'ann');
    await ann.request('logout');
    await ann.closed;
    // bob is online but never acknowledges: his messages are answered once the hold ends and they are stored
    const bob = await loggedIn(first.port, 'bob', { autoAck: false });
    const sender = await loggedIn(first.port, 'cat');
    const pending = [];
    for (let i = 0; i < 300; i++) {
      pending.push(sender.request('message', { to: i % 2 === 0 ? 'ann' : 'bob', text: `m${i}` }));
    }
    const answers = await Promise.all(pending); // pipelined: no round trip per message
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    expect(answers.every((a) => a.status === 200)).toBe(true);
    bob.close();

    const second = await startCli(['--port', '0', '--data', data, '--password-cost', 'fast']);
    for (const [name, parity] of [
      ['ann', 0],
      ['bob', 1],
    ] as const) {
      const again = await LineClient.connect(second.port);
      expect((await again.request('login', { username: name, password: `${name}-secret` })).status).toBe(200);
      const got = [];
      for (let i = 0; i < 150; i++) got.push(await again.push('message'));
      const expected = Array.from({ length: 150 }, (_, i) => `m${2 * i + parity}`);
      expect(got.map((m) => m.text)).toEqual(expected);
      expect(got.every((m) => m.offline === true && m.from === 'cat')).toBe(true);
      // seqs grow and, after the restart, the next one is above all of them
      const seqs = got.map((m) => Number(m.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      again.close();
    }
  });

  it('refuses to start on a data folder another server is using, with a clear message', async () => {
    const data = tempDir();
    await startCli(['--port', '0', '--data', data, '--password-cost', 'fast']);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: .*in use by another Parley server/m);
    expect(stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('imports a credentials file, hashing the passwords', async () => {
    const data = tempDir();
    const file = join(data, 'credentials.txt');
    writeFileSync(file, 'hans falcon*solo\nyoda wise@!man\nbad\n');
    const { port, stderr } = await startCli([
      '--port',
      '0',
      '--data',
      data,
      '--credentials',
      file,
      '--password-cost',
      'fast',
    ]);
    const c = await LineClient.connect(port);
    expect(await c.request('login', { username: 'yoda', password: 'wise@!man' })).toEqual({
      status: 200,
      body: { username: 'yoda' },
    });
    expect(stderr.some((l) => l.includes('import 2 accounts'))).toBe(true);
    expect(stderr.some((l) => l.includes('skipped line 3'))).toBe(true);
    c.close();
  });
});
