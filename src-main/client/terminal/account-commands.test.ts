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

  it('changes the password: a wrong current one is refused, the new one logs in', async () => {
    const cli = await terminal.loggedIn(fx.server, 'alice', true);
    cli.send('password');
    await cli.expect('Current password: ');
    cli.send('not the password');
    await cli.expect('New password: ');
    cli.send('brand new secret');
    await cli.expect('Repeat the password: ');
    cli.send('brand new secret');
    await cli.expect('Error: Invalid password. Please try again\n');

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
