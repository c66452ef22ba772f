/**
 * The terminal client (src-main/client/terminal/cli.ts) as child processes for Vitest, read through
 * their real stdout; whatever a test starts is killed after it, pass or fail.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { PASSWORD } from './client-fixture.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = 'src-main/client/terminal/cli.ts';
const WAIT_MS = 20_000;
/** util-linux `script`, for a pseudo-terminal. */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

/** Each client gets a profile of its own (its static key and pins), never the user's real one. */
function profileEnv(child: () => ChildProcessWithoutNullStreams): ChildProcessWithoutNullStreams {
  const dir = mkdtempSync(join(tmpdir(), 'parley-cli-profile-'));
  const previous = process.env['PARLEY_TERMINAL_PROFILE'];
  process.env['PARLEY_TERMINAL_PROFILE'] = dir;
  try {
    const started = child();
    started.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return started;
  } finally {
    if (previous === undefined) delete process.env['PARLEY_TERMINAL_PROFILE'];
    else process.env['PARLEY_TERMINAL_PROFILE'] = previous;
  }
}

/** The terminal client as a child process, read through its real stdout. */
export class Cli {
  private output = '';
  private cursor = 0;
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      this.output += chunk;
      for (const wake of this.waiters) wake();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.output += chunk;
      for (const wake of this.waiters) wake();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(args: string[]): Cli {
    const child = profileEnv(() =>
      spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    return new Cli(child);
  }

  /**
   * The client on a pseudo-terminal made by util-linux `script`, as a person would run it: the
   * password is not echoed and a prompt waits for commands.
   */
  static startInPty(args: string[]): Cli {
    const command = [process.execPath, '--import', 'tsx', CLI, ...args].join(' ');
    const child = profileEnv(() =>
      spawn('script', ['-qfec', command, '/dev/null'], {
        cwd: ROOT,
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const cli = new Cli(child);
    cli.lineEnd = '\r';
    return cli;
  }

  private lineEnd = '\n';

  send(line: string): void {
    this.child.stdin.write(`${line}${this.lineEnd}`);
  }

  /** Waits for `text` (or a match of it) in what was printed since the last match, and moves past it. */
  expect(text: string | RegExp): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.find(text);
        if (!found) return;
        this.cursor = found.end;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `no "${String(text)}" in the output; after the last match it was:\n${this.output.slice(this.cursor)}`,
          ),
        );
      }, WAIT_MS);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private find(text: string | RegExp): { end: number } | undefined {
    if (typeof text === 'string') {
      const at = this.output.indexOf(text, this.cursor);
      return at < 0 ? undefined : { end: at + text.length };
    }
    const pattern = new RegExp(text.source, text.flags.includes('g') ? text.flags : `${text.flags}g`);
    pattern.lastIndex = this.cursor;
    const match = pattern.exec(this.output);
    return match ? { end: match.index + match[0].length } : undefined;
  }

  /** Answers the Username and then the Password prompt. */
  async typeLogin(name: string, password: string): Promise<void> {
    await this.expect('Username: ');
    this.send(name);
    await this.expect('Password: ');
    this.send(password);
  }

  /** Everything printed so far. */
  get printed(): string {
    return this.output;
  }

  /** Everything printed since the last match. */
  get unread(): string {
    return this.output.slice(this.cursor);
  }
}

export interface TerminalClis {
  start(args: string[]): Cli;
  startInPty(args: string[]): Cli;
  /** A client at `server` on which `name` has logged in with PASSWORD (registering it first if told). */
  loggedIn(
    server: { host: string; port: number },
    name: string,
    register?: boolean,
    extraArgs?: string[],
  ): Promise<Cli>;
}

/**
 * Call after useClientFixture(): Vitest runs afterEach hooks last-registered first, so the
 * processes die before the clients disconnect and the server goes.
 */
export function useTerminalClis(): TerminalClis {
  const children: ChildProcessWithoutNullStreams[] = [];
  const track = (cli: Cli): Cli => {
    children.push(cli.child);
    return cli;
  };
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });
  const clis: TerminalClis = {
    start: (args) => track(Cli.start(args)),
    startInPty: (args) => track(Cli.startInPty(args)),
    async loggedIn(server, name, register = false, extraArgs = []) {
      const cli = clis.start([
        '--host',
        server.host,
        '--port',
        String(server.port),
        '--hello-timeout-ms',
        '2000',
        ...extraArgs,
      ]);
      await cli.typeLogin(name, PASSWORD);
      if (register) {
        // The password just typed becomes the account's, typed once more.
        await cli.expect(`${name} is not registered on this server. Register it? [y/N] `);
        cli.send('y');
        await cli.expect(`it becomes ${name}'s password`);
        await cli.expect('Repeat the password: ');
        cli.send(PASSWORD);
      }
      await cli.expect(`Welcome to Parley, ${name}!`);
      return cli;
    },
  };
  return clis;
}
