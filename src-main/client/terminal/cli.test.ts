import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { startTestServer, type TestServer } from '../../../tests/helpers/test-server.js';
import { ParleyClient } from '../parley-client.js';

const PASSWORD = 'correct horse';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WAIT_MS = 20_000;

/** The terminal client as a child process, read through its real stdout. */
class Cli {
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
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/client/terminal/cli.ts', ...args], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    clis.push(child);
    return new Cli(child);
  }

  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Waits for `text` in what was printed since the last match, and moves past it. */
  expect(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const at = this.output.indexOf(text, this.cursor);
        if (at < 0) return;
        this.cursor = at + text.length;
        finish();
        resolve();
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `no "${text}" in the output; after the last match it was:\n${this.output.slice(this.cursor)}`,
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

  /** Everything printed since the last match. */
  get unread(): string {
    return this.output.slice(this.cursor);
  }
}

let srv: TestServer;
const clients: ParleyClient[] = [];
const clis: ChildProcessWithoutNullStreams[] = [];

async function user(name: string, login = true): Promise<ParleyClient> {
  const client = new ParleyClient({ host: srv.host, port: srv.port });
  clients.push(client);
  await client.register(name, PASSWORD);
  if (login) await client.login(name, PASSWORD);
  return client;
}

async function loggedInCli(name: string, register = false): Promise<Cli> {
  const cli = Cli.start(['--host', srv.host, '--port', String(srv.port), '--hello-timeout-ms', '2000']);
  await cli.expect('Username: ');
  cli.send(name);
  await cli.expect('Password: ');
  cli.send(PASSWORD);
  if (register) {
    await cli.expect(`No user named ${name}. Register this username with that password? (y/n) `);
    cli.send('y');
  }
  await cli.expect(`Welcome to Parley, ${name}!`);
  return cli;
}

beforeEach(async () => {
  srv = await startTestServer();
});

afterEach(async () => {
  for (const child of clis.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await srv.dispose();
});

describe('terminal client', () => {
  it('registers, messages, shows presence and errors, and exits 0 on logout', async () => {
    const bob = await user('bob');
    const aliceOnline = nextEvent(bob, 'presence', (p) => p.user === 'alice' && p.online);
    const alice = await loggedInCli('alice', true);
    await aliceOnline;

    const atBob = nextEvent(bob, 'message');
    alice.send('message bob hello   bob');
    expect((await atBob).message).toMatchObject({ from: 'alice', text: 'hello   bob' });

    await bob.sendMessage('alice', 'hi alice');
    await alice.expect('bob: hi alice\n');
    await bob.broadcast('to everyone');
    await alice.expect('bob (broadcast): to everyone\n');

    alice.send('message bob');
    await alice.expect('Usage: message <user> <text>\n');
    alice.send('fly away');
    await alice.expect('Unknown command: fly. Type help for the list of commands\n');
    alice.send('message nobody hi');
    await alice.expect('Error: ');

    await user('carol');
    await alice.expect('carol logged in\n');
    alice.send('whoelse');
    await alice.expect('bob\ncarol\n');

    await bob.block('alice');
    alice.send('broadcast anyone there?');
    await alice.expect(`${StandardMessage.someRecipientsSkipped}\n`);
    alice.send('message bob blocked?');
    await alice.expect(`Error: ${StandardMessage.blockedByRecipient}\n`);

    alice.send('help');
    await alice.expect('startprivate <user>');
    alice.send('logout');
    await alice.expect('Goodbye');
    expect(await alice.exited).toBe(0);
  });

  it('re-prompts a wrong password and prints the lock message', async () => {
    await user('dave', false);
    const cli = Cli.start([srv.host, String(srv.port)]);
    await cli.expect('Username: ');
    cli.send('dave');
    for (let attempt = 0; attempt < 2; attempt++) {
      await cli.expect('Password: ');
      cli.send('wrong password');
      await cli.expect(`${StandardMessage.wrongPassword}\n`);
    }
    // The third wrong password locks the account; the server says so at once.
    await cli.expect('Password: ');
    cli.send('wrong password');
    await cli.expect(`${StandardMessage.accountLocked}\n`);
    expect(await cli.exited).toBe(1);
  });

  it('runs a piped script and exits 0 at the end of input', async () => {
    await user('bob');
    const cli = Cli.start(['--port', String(srv.port)]);
    cli.child.stdin.end(['erin', PASSWORD, 'y', 'whoelse', 'whoelsesince 60', 'blocklist', ''].join('\n'));
    expect(await cli.exited).toBe(0);
    await cli.expect('Welcome to Parley, erin!');
    await cli.expect('bob\nbob\nYou have not blocked anyone\n');
  });

  it('answers a private chat request with y, chats, and its death is reported to the peer', async () => {
    const bob = await user('bob');
    const alice = await loggedInCli('alice', true);
    const started = nextEvent(bob, 'private-started');
    await bob.startPrivate('alice');
    await alice.expect('bob would like to start a private chat with you. Accept? (y/n)\n');
    alice.send('y');
    await alice.expect('Private chat with bob started.');
    await started;

    await bob.sendPrivate('alice', 'just us');
    await alice.expect('bob (private): just us\n');
    const atBob = nextEvent(bob, 'message');
    alice.send('private bob indeed');
    expect((await atBob).message).toMatchObject({ kind: 'private', from: 'alice', text: 'indeed' });

    const ended = nextEvent(bob, 'private-ended');
    alice.child.kill('SIGKILL');
    expect(await ended).toMatchObject({ user: 'alice', by: 'network' });
  });

  it('starts a private chat, declines one with n, and stops a chat', async () => {
    const bob = await user('bob');
    const alice = await loggedInCli('alice', true);

    const request = nextEvent(bob, 'private-request');
    alice.send('startprivate bob');
    await alice.expect('Private chat request sent to bob\n');
    const started = nextEvent(bob, 'private-started');
    await bob.answerPrivate((await request).requestId, true);
    await alice.expect('Private chat with bob started.');
    await started;

    const ended = nextEvent(bob, 'private-ended');
    alice.send('stopprivate bob');
    await alice.expect('Private chat with bob ended\n');
    expect(await ended).toEqual({ user: 'alice', by: 'peer', reason: 'stopped' });

    const rejected = nextEvent(bob, 'private-rejected');
    await bob.startPrivate('alice');
    await alice.expect('Accept? (y/n)\n');
    alice.send('n');
    await alice.expect('You declined the private chat request from bob\n');
    expect((await rejected).reason).toBe('rejected');
  });

  it('says so when the server shuts down and exits 1', async () => {
    const cli = await loggedInCli('frank', true);
    await srv.stop();
    await cli.expect('The server has shut down\n');
    expect(await cli.exited).toBe(1);
  });
});
