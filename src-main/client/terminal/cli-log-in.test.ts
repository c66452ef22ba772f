/** Logging in on the terminal client: prompts, checks, a wrong password, a real pseudo-terminal. */
import { createServer, type Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { Status, StandardMessage } from '../../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { HAS_SCRIPT, useTerminalClis } from '../../../tests/helpers/terminal-cli.js';
import { registerQuestion } from './login-flow.js';

const fx = useClientFixture();
const terminal = useTerminalClis();

describe('terminal client log-in', () => {
  it('re-prompts a wrong password; a lock keeps it running, says when to try again, and hides what is typed meanwhile (defect 13)', async () => {
    let now = Date.now();
    // Locked for 10 s of the server's clock, moved on by the test (under the 30 s a login may wait).
    await fx.restartWith({ clock: () => now, blockDurationMs: 10_000 });
    await fx.registered('dave');
    const cli = terminal.start([fx.server.host, String(fx.server.port)]);
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
    await cli.expect(
      /The server does not say how long the lock lasts; with its default of 60 seconds it is over by \d\d:\d\d:\d\d\.\n/,
    );
    await cli.expect('Press Enter to try again: ');
    // Typed out of habit: neither shown (at a terminal) nor sent, so the lock is not met again.
    cli.send(PASSWORD);
    await cli.expect('Password: ');
    expect(cli.unread).toBe('');
    expect(cli.child.exitCode).toBeNull();

    now += 11_000; // the lock is over
    cli.send(PASSWORD);
    await cli.expect('Welcome to Parley, dave!');
    cli.child.stdin.end();
    expect(await cli.exited).toBe(0);
  });

  it('logs in after waiting at a prompt longer than the server keeps a connection that has not logged in', async () => {
    await fx.restartWith({ loginGraceMs: 300 });
    await fx.registered('dave');
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.expect('Username: ');
    // The server closes the waiting connection (its 30 s, shortened here); the login connects again.
    await vi.waitFor(() => expect(fx.server.server.connectionCount).toBe(0), { timeout: 10_000 });
    cli.send('dave');
    await cli.expect('Password: ');
    cli.send(PASSWORD);
    await cli.expect('Welcome to Parley, dave!');
    cli.send('whoelse');
    await cli.expect('No other users are online\n');
    expect(cli.printed).not.toMatch(/inactivity|lost/);
    cli.send('logout');
    expect(await cli.exited).toBe(0);
  });

  it('logs an existing name in with its password and never offers to register it (defect 14)', async () => {
    await fx.registered('dora');
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.typeLogin('dora', PASSWORD);
    await cli.expect('Welcome to Parley, dora!');
    expect(cli.printed).not.toMatch(/not registered|Register|Repeat the password/);
    cli.send('logout');
    expect(await cli.exited).toBe(0);
  });

  it('checks the form of a name before the password; a new name, on yes, gets the password typed, confirmed once (defect 14)', async () => {
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.expect('Username: ');
    cli.send('bad name!');
    await cli.expect(
      '"bad name!" is not a valid username: 1 to 32 of A-Z, a-z, 0-9, _ . and -, with at least one letter or digit\n',
    );
    await cli.expect('Username: ');
    expect(cli.printed).not.toContain('Password: ');
    cli.send('uma');
    await cli.expect('Password: ');
    cli.send(PASSWORD);
    await cli.expect(registerQuestion('uma'));
    cli.send('y');
    await cli.expect(
      "Type the password again to confirm it; it becomes uma's password. A password is 8 to 256 characters.\n",
    );
    await cli.expect('Repeat the password: ');
    cli.send(PASSWORD);
    await cli.expect('Registered uma\n');
    await cli.expect('Welcome to Parley, uma!');
    expect(cli.printed).not.toContain('New password');
    cli.send('logout');
    expect(await cli.exited).toBe(0);
    // That password is the account's.
    await fx.client().login('uma', PASSWORD);
  });

  it('on no (Enter alone) registers nothing, says the typed password is dropped and asks for a username again (defect 14)', async () => {
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.typeLogin('noor', PASSWORD);
    await cli.expect('noor is not registered on this server. Register it? [y/N] ');
    cli.send('');
    await cli.expect('Not registered; the password you typed for noor is dropped.\n');
    await cli.expect('Username: ');
    expect(cli.unread).toBe('');
    await expect(fx.client().login('noor', PASSWORD)).rejects.toMatchObject({ status: Status.notFound });
    cli.send('noor');
    await cli.expect('Password: ');
    cli.send(PASSWORD);
    await cli.expect(registerQuestion('noor'));
    cli.send('n');
    await cli.expect('Not registered; the password you typed for noor is dropped.\n');
    await cli.expect('Username: ');
    cli.child.stdin.end();
    expect(await cli.exited).toBe(1);
    await expect(fx.client().login('noor', PASSWORD)).rejects.toMatchObject({ status: Status.notFound });
  });

  it("a confirmation that differs uses neither password: a new one is typed twice and becomes the account's (defect 14)", async () => {
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.typeLogin('mia', PASSWORD);
    await cli.expect(registerQuestion('mia'));
    cli.send('yes');
    await cli.expect('Repeat the password: ');
    cli.send('correct horsf');
    await cli.expect("The two passwords differ, so neither is used. Choose mia's password, typed twice.\n");
    await cli.expect('New password: ');
    cli.send('battery staple');
    await cli.expect('Repeat the password: ');
    cli.send('battery staple');
    await cli.expect('Registered mia\n');
    await cli.expect('Welcome to Parley, mia!');
    cli.send('logout');
    expect(await cli.exited).toBe(0);
    await expect(fx.client().login('mia', PASSWORD)).rejects.toMatchObject({ status: Status.unauthorized });
    await fx.client().login('mia', 'battery staple');
  });

  it('asks for a new password when the one typed breaks the rule or is not repeated the same', async () => {
    const cli = terminal.start(['--port', String(fx.server.port)]);
    await cli.typeLogin('ivy', 'short');
    await cli.expect(registerQuestion('ivy'));
    cli.send('y');
    await cli.expect(
      "The password you typed can't be a new account's: A password is 8 to 256 characters. Choose another, typed twice.\n",
    );
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

  it('says a port that is not a Parley server is not one, before asking anything (defect 15)', async () => {
    for (const banner of ['SSH-2.0-OpenSSH_9.6\r\n', 'HTTP/1.1 400 Bad Request\r\n\r\n']) {
      const other = await startOtherServer(banner);
      try {
        const cli = terminal.start(['--port', String(other.port)]);
        expect(await cli.exited).toBe(1);
        expect(cli.printed).toBe(`127.0.0.1:${other.port} is not a Parley server. Check the port.\n`);
        expect(other.received()).not.toMatch(/login|register/);
      } finally {
        await other.close();
      }
    }
  });

  it('says what is wrong with its arguments in one line that points at --help, and exits 2 (defect 25)', async () => {
    for (const [args, what] of [
      [['--bogus'], 'unknown option --bogus'],
      [['--port', 'x'], 'port must be a port number (0-65535), not "x"'],
      [['a', 'b', 'c'], 'unexpected argument c'],
    ] as const) {
      const cli = terminal.start([...args]);
      expect(await cli.exited).toBe(2);
      expect(cli.printed).toBe(`error: ${what} (npm run client -- --help lists the options)\n`);
    }
  });

  it('says nothing listens on a closed port, before asking anything', async () => {
    const other = await startOtherServer('');
    await other.close();
    const cli = terminal.start(['--port', String(other.port)]);
    expect(await cli.exited).toBe(1);
    expect(cli.printed).toBe(
      `Nothing is listening at 127.0.0.1:${other.port}. Check the address and that the server is running.\n`,
    );
  });
});

/** A TCP server that is not Parley: it greets with `banner` (as SSH does) and keeps what it was sent. */
async function startOtherServer(
  banner: string,
): Promise<{ port: number; received: () => string; close: () => Promise<void> }> {
  let received = '';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => undefined);
    socket.write(banner);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    received: () => received,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('terminal client on a pseudo-terminal', () => {
  it.skipIf(!HAS_SCRIPT)(
    'hides the password, prompts for commands and prints events above the prompt (skipped without util-linux script)',
    async () => {
      const bob = await fx.user('bob');
      const cli = terminal.startInPty(['--port', String(fx.server.port)]);
      await cli.typeLogin('bob2', 'hidden-secret');
      await cli.expect('Register it? [y/N] ');
      cli.send('y');
      await cli.expect('Repeat the password: ');
      cli.send('hidden-secret');
      await cli.expect('Welcome to Parley, bob2!');
      await cli.expect('> ');
      await bob.sendMessage('bob2', 'hello\u001b[2J');
      // The line goes above the prompt (cleared first), and the prompt comes back below it.
      await cli.expect('\r\u001b[2K[');
      await cli.expect('] bob: hello\\x1b[2J\r\n');
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
