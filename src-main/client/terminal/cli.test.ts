import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { startTestServer, type TestServer } from '../../../tests/helpers/test-server.js';
import { ParleyClient } from '../parley-client.js';

const PASSWORD = 'correct horse';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WAIT_MS = 20_000;
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

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

  /**
   * The client on a pseudo-terminal made by util-linux `script`, as a person would run it: the
   * password is not echoed and a prompt waits for commands.
   */
  static startInPty(args: string[]): Cli {
    const command = [process.execPath, '--import', 'tsx', 'src-main/client/terminal/cli.ts', ...args].join(
      ' ',
    );
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    clis.push(child);
    const cli = new Cli(child);
    cli.lineEnd = '\r';
    return cli;
  }

  private lineEnd = '\n';

  send(line: string): void {
    this.child.stdin.write(`${line}${this.lineEnd}`);
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

  /** Everything printed so far. */
  get printed(): string {
    return this.output;
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
    await cli.expect(`No user named ${name}. Register this username? (y/n) `);
    cli.send('y');
    await cli.expect('A password is 8 to 256 characters');
    await cli.expect('New password: ');
    cli.send(PASSWORD);
    await cli.expect('Repeat the password: ');
    cli.send(PASSWORD);
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
    await alice.expect('Delivered to bob\n');

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
    alice.send('message bad!name hi');
    await alice.expect('"bad!name" is not a valid username: 1 to 32 letters, digits, _ . or -\n');
    alice.send('whoelsesince 999999999999');
    await alice.expect('whoelsesince takes a whole number of seconds from 1 to 315360000 (ten years)\n');

    await user('carol', false);
    alice.send('message carol see you');
    await alice.expect('carol is offline; they will get your message when they log in\n');
    const carolIn = nextEvent(bob, 'presence', (p) => p.user === 'carol' && p.online);
    const carol = new ParleyClient({ host: srv.host, port: srv.port });
    clients.push(carol);
    await carol.login('carol', PASSWORD);
    await carolIn;
    await alice.expect('carol logged in\n');
    alice.send('whoelse');
    await alice.expect('Online now: bob, carol\n');

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
    cli.child.stdin.end(
      ['erin', PASSWORD, 'y', PASSWORD, PASSWORD, 'whoelse', 'whoelsesince 60', 'blocklist', ''].join('\n'),
    );
    expect(await cli.exited).toBe(0);
    await cli.expect('Welcome to Parley, erin!');
    await cli.expect('Online now: bob\nOnline in the last 60 seconds: bob\nYou have not blocked anyone\n');
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

  it('starts a private chat, declines one with n, stops a chat, and sees a request withdrawn', async () => {
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

    const requestId = await bob.startPrivate('alice');
    await alice.expect('Accept? (y/n)\n');
    await bob.cancelPrivate(requestId);
    await alice.expect('bob withdrew their private chat request\n');
    alice.send('y');
    await alice.expect('There is no private chat request to answer\n');
  });

  it('logs in again by itself after a server restart, and logout exits 0 with the server gone', async () => {
    const cli = await loggedInCli('frank', true);
    const port = srv.port;
    await srv.stop();
    await cli.expect('The server has shut down\n');
    await cli.expect('Reconnecting to the server in ');
    cli.send('whoelse');
    await cli.expect('You are not connected to the server right now');
    srv = await startTestServer({ port }, srv.dataDir);
    cli.send('reconnect');
    await cli.expect('Reconnected: logged in again as frank\n');
    await user('gina');
    cli.send('whoelse');
    await cli.expect('Online now: gina\n');

    await srv.stop();
    await cli.expect('The server has shut down\n');
    cli.send('logout');
    await cli.expect('You have logged out. Goodbye!\n');
    expect(await cli.exited).toBe(0);
  });
});

describe('terminal client on a pseudo-terminal', () => {
  it.skipIf(!HAS_SCRIPT)(
    'hides the password, prompts for commands and prints events above the prompt (skipped without util-linux script)',
    async () => {
      const bob = await user('bob');
      const cli = Cli.startInPty(['--port', String(srv.port)]);
      await cli.expect('Username: ');
      cli.send('bob2');
      await cli.expect('Password: ');
      cli.send('hidden-secret');
      await cli.expect('Register this username? (y/n) ');
      cli.send('y');
      await cli.expect('New password: ');
      cli.send('hidden-secret');
      await cli.expect('Repeat the password: ');
      cli.send('hidden-secret');
      await cli.expect('Welcome to Parley, bob2!');
      await cli.expect('> ');
      await bob.sendMessage('bob2', 'hello\u001b[2J');
      // The line goes above the prompt (cleared first), and the prompt comes back below it.
      await cli.expect('\r\u001b[2Kbob: hello\\x1b[2J\r\n');
      await cli.expect('> ');
      cli.send('whoelse');
      await cli.expect('Online now: bob');
      cli.send('logout');
      await cli.expect('Goodbye');
      expect(await cli.exited).toBe(0);
      expect(cli.printed).not.toContain('hidden-secret');
    },
  );
});

describe('terminal client, regressions', () => {
  it('shows messages stored while the user was away, and acknowledges them (finding 1)', async () => {
    const hans = await user('hans');
    await user('yoda', false);
    expect((await hans.sendMessage('yoda', 'first while away')).state).toBe('stored');
    expect((await hans.sendMessage('yoda', 'second while away')).state).toBe('stored');

    const yoda = await loggedInCli('yoda');
    await yoda.expect('hans (offline): first while away\n');
    await yoda.expect('hans (offline): second while away\n');
    yoda.send('logout');
    expect(await yoda.exited).toBe(0);

    // Acknowledged after printing: the server keeps none of them for a next login.
    const again = new ParleyClient({ host: srv.host, port: srv.port });
    clients.push(again);
    const received: string[] = [];
    again.on('message', ({ message }) => received.push(message.text));
    await again.login('yoda', PASSWORD);
    const marker = nextEvent(again, 'message', (e) => e.message.text === 'marker');
    await hans.sendMessage('yoda', 'marker');
    await marker;
    expect(received).toEqual(['marker']);
  });

  it('never lets a message drive the terminal or pass for another sender (finding 4)', async () => {
    const hans = await user('hans');
    const alice = await loggedInCli('alice', true);
    await hans.sendMessage('alice', '\u001b[31mRED\u001b]2;PWNED\u0007 multi\nline\rhans: forged line');
    await hans.broadcast('\u001b[2J\u001b[H\u202eevil\u009b');
    await alice.expect('hans (broadcast): ');
    await alice.expect('\n');
    const shown = alice.printed;
    expect(shown).toContain('hans: \\x1b[31mRED\\x1b]2;PWNED\\x07 multi\n');
    expect(shown).toContain('line\\x0dhans: forged line\n');
    expect(shown).toContain('hans (broadcast): \\x1b[2J\\x1b[H\\u202eevil\\x9b\n');
    // Nothing a terminal would act on, and the second line of the message is indented.
    expect([...shown].filter((c) => c !== '\n' && (c < ' ' || c === '\u007f' || c === '\u202e'))).toEqual([]);
    const lines = shown.split('\n');
    expect(lines.filter((line) => line.startsWith('hans:'))).toHaveLength(1);
    expect(lines.find((line) => line.includes('forged line'))).toMatch(/^ +line/);
  });

  it('checks the username before asking for a password, and a new password twice', async () => {
    const cli = Cli.start(['--port', String(srv.port)]);
    await cli.expect('Username: ');
    cli.send('bad name!');
    await cli.expect('"bad name!" is not a valid username: 1 to 32 letters, digits, _ . or -\n');
    await cli.expect('Username: ');
    cli.send('ivy');
    await cli.expect('Password: ');
    cli.send('whatever');
    await cli.expect('No user named ivy. Register this username? (y/n) ');
    cli.send('y');
    await cli.expect('Choose a password for this account. A password is 8 to 256 characters.\n');
    await cli.expect('New password: ');
    cli.send('short');
    await cli.expect('A password is 8 to 256 characters; try again.\n');
    await cli.expect('New password: ');
    cli.send(PASSWORD);
    await cli.expect('Repeat the password: ');
    cli.send('something else');
    await cli.expect('The two passwords differ; try again.\n');
    await cli.expect('New password: ');
    cli.send(PASSWORD);
    await cli.expect('Repeat the password: ');
    cli.send(PASSWORD);
    await cli.expect('Registered ivy\n');
    await cli.expect('Welcome to Parley, ivy!');
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
  });
});
