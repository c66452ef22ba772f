/** The terminal's `password` and `unregister`, as the real process against a real server. */
import { describe, expect, it } from 'vitest';
import { PASSWORD, useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { useTerminalClis } from '../../../tests/helpers/terminal-cli.js';
import { parseCommand } from './commands.js';

const fx = useClientFixture();
const terminal = useTerminalClis();

describe('terminal account commands', () => {
  it('parses password and unregister without arguments only', () => {
    expect(parseCommand('password')).toEqual({ ok: true, command: { kind: 'password' } });
    expect(parseCommand('unregister')).toEqual({ ok: true, command: { kind: 'unregister' } });
    expect(parseCommand('password hunter2')).toMatchObject({ ok: false, error: /^Usage: password/ });
  });

  it('changes the password: current first, then the new one twice; a wrong current one is said clearly, with the lockout', async () => {
    const cli = await terminal.loggedIn(fx.server, 'alice', true);
    cli.send('password');
    await cli.expect('Current password: ');
    cli.send('not the password');
    await cli.expect(
      'Choose a new password. A password is 8 to 256 characters. The server checks the current one when both are sent.\n',
    );
    await cli.expect('New password: ');
    cli.send('brand new secret');
    await cli.expect('Repeat the password: ');
    cli.send('brand new secret');
    await cli.expect(
      'Password not changed: the current password was wrong. The server counts this as a failed login: 3 in a row lock the account (for 60 seconds by default). Type password to try again.\n',
    );
    expect(cli.printed).not.toContain('Error: Invalid password');
    // The server did count it: two more wrong ones lock the name, and the next try says so.
    for (const expected of [
      'the current password was wrong',
      'the current password was wrong',
      'the account is locked after 3 wrong passwords in a row',
    ]) {
      cli.send('password');
      await cli.expect('Current password: ');
      cli.send(expected.includes('locked') ? PASSWORD : 'still not it');
      await cli.expect('New password: ');
      cli.send('brand new secret');
      await cli.expect('Repeat the password: ');
      cli.send('brand new secret');
      await cli.expect(expected);
    }
    await cli.expect(
      /You stay logged in here; with the server's default of 60 seconds the lock is over by \d\d:\d\d:\d\d\.\n/,
    );
    cli.send('whoelse');
    await cli.expect('No other users are online\n');
    cli.send('logout');
    expect(await cli.exited).toBe(0);
  });

  it('changes the password with the right current one; the new one logs in', async () => {
    const cli = await terminal.loggedIn(fx.server, 'alice', true);
    cli.send('password');
    await cli.expect('Current password: ');
    cli.send(PASSWORD);
    await cli.expect('New password: ');
    cli.send('brand new secret');
    await cli.expect('Repeat the password: ');
    cli.send('brand new secret');
    await cli.expect('Your password is changed\n');
    cli.send('logout');
    expect(await cli.exited).toBe(0);

    const client = fx.client();
    await client.login('alice', 'brand new secret');
    expect(client.username).toBe('alice');
  });

  it('deletes the account after the password, and exits', async () => {
    const cli = await terminal.loggedIn(fx.server, 'alice', true);
    cli.send('unregister');
    await cli.expect('Your password to confirm (empty to keep the account): ');
    cli.send('');
    await cli.expect('Account kept\n');
    cli.send('unregister');
    await cli.expect('Your password to confirm (empty to keep the account): ');
    cli.send(PASSWORD);
    await cli.expect('The account alice is deleted. Goodbye!\n');
    expect(await cli.exited).toBe(0);
    expect(fx.server.store.users.exists('alice')).toBe(false);
  });
});
