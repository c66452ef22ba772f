/** Logging in on the terminal client: prompts, checks, a wrong password, a real pseudo-terminal. */
import { describe, expect, it } from 'vitest';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { HAS_SCRIPT, useTerminalClis } from '../../../tests/helpers/terminal-cli.js';

const fx = useClientFixture();
const terminal = useTerminalClis();

describe('terminal client log-in', () => {
  it('re-prompts a wrong password and prints the lock message', async () => {
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
    expect(await cli.exited).toBe(1);
  });

  it('checks the username before asking for a password, and a new password twice', async () => {
    const cli = terminal.start(['--port', String(fx.server.port)]);
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

describe('terminal client on a pseudo-terminal', () => {
  it.skipIf(!HAS_SCRIPT)(
    'hides the password, prompts for commands and prints events above the prompt (skipped without util-linux script)',
    async () => {
      const bob = await fx.user('bob');
      const cli = terminal.startInPty(['--port', String(fx.server.port)]);
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
