/** The terminal client against a real server: chat, presence, private chats, reconnecting, untrusted text. */
import { describe, expect, it } from 'vitest';
import { StandardMessage } from '../../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { useTerminalClis, type Cli } from '../../../tests/helpers/terminal-cli.js';
import type { ParleyClient } from '../parley-client.js';

const fx = useClientFixture();
const terminal = useTerminalClis();

function user(name: string, login = true): Promise<ParleyClient> {
  return login ? fx.user(name) : fx.registered(name);
}

function loggedInCli(name: string, register = false): Promise<Cli> {
  return terminal.loggedIn(fx.server, name, register);
}

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
    await alice.expect(
      '"bad!name" is not a valid username: 1 to 32 of A-Z, a-z, 0-9, _ . and -, with at least one letter or digit\n',
    );
    alice.send('whoelsesince 999999999999');
    await alice.expect('whoelsesince takes a whole number of seconds from 1 to 315360000 (ten years)\n');

    await user('carol', false);
    alice.send('message carol see you');
    await alice.expect('carol is offline; they will get your message when they log in\n');
    const carolIn = nextEvent(bob, 'presence', (p) => p.user === 'carol' && p.online);
    const carol = fx.client();
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

  it('runs a piped script and exits 0 at the end of input', async () => {
    await user('bob');
    const cli = terminal.start(['--port', String(fx.server.port)]);
    cli.child.stdin.end(
      ['erin', PASSWORD, 'y', PASSWORD, 'whoelse', 'whoelsesince 60', 'blocklist', ''].join('\n'),
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

    // The safety number both sides compare, in the terminal's two rows of six groups.
    const groups = bob.safety('alice').groups;
    alice.send('safety bob');
    await alice.expect('Safety number with bob (not verified):\n');
    await alice.expect(`  ${groups.slice(0, 6).join(' ')}\n  ${groups.slice(6).join(' ')}\n`);
    alice.send('verify bob');
    await alice.expect('bob is verified\n');
    alice.send('help');
    await alice.expect(
      'Private chats are end-to-end encrypted; your key is kept in a file only you can read',
    );

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
    await fx.server.stop();
    await cli.expect('The server has shut down\n');
    await cli.expect('Reconnecting to the server in ');
    cli.send('whoelse');
    await cli.expect('You are not connected to the server right now');
    await fx.restartInPlace();
    cli.send('reconnect');
    await cli.expect('Reconnected: logged in again as frank\n');
    await user('gina');
    cli.send('whoelse');
    await cli.expect('Online now: gina\n');

    await fx.server.stop();
    await cli.expect('The server has shut down\n');
    cli.send('logout');
    await cli.expect('You have logged out. Goodbye!\n');
    expect(await cli.exited).toBe(0);
  });
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
    const again = fx.client();
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
    expect(lines.filter((line) => /^\[\d\d:\d\d\] hans:/.test(line))).toHaveLength(1);
    expect(lines.find((line) => line.includes('forged line'))).toMatch(/^ +line/);
  });
});

/** `14:03`-style stamp parts of a local time, written out here rather than by the code under test. */
function two(n: number): string {
  return String(n).padStart(2, '0');
}

describe('terminal client, issue 17', () => {
  it('queues a message written while the server is away, says so, and says when it went (defect 16)', async () => {
    await user('bob', false);
    const frank = await loggedInCli('frank', true);
    await fx.server.stop();
    await frank.expect('The server has shut down\n');
    frank.send('message bob written offline');
    await frank.expect(
      'Not connected: your message to bob is queued and goes by itself once Parley is connected again',
    );
    frank.send('broadcast anyone there?');
    await frank.expect('Not connected: your broadcast is queued');

    await fx.restartInPlace();
    frank.send('reconnect');
    await frank.expect('Reconnected: logged in again as frank\n');
    await frank.expect(
      'Sent your queued message to bob "written offline": bob is offline and will get it when they log in\n',
    );
    await frank.expect('Sent your queued broadcast "anyone there?" to everyone online\n');

    // It went once: bob's next login brings it, and then the next message.
    const bob = fx.client();
    const texts: string[] = [];
    bob.on('message', ({ message }) => texts.push(message.text));
    await bob.login('bob', PASSWORD);
    const marker = nextEvent(bob, 'message', (e) => e.message.text === 'marker');
    frank.send('message bob marker');
    await marker;
    expect(texts).toEqual(['written offline', 'marker']);
  });

  it('shows each message with its time, and one kept from another day with its date', async () => {
    const yesterday = new Date();
    yesterday.setDate(yesterday.getDate() - 1);
    yesterday.setHours(12, 34, 0, 0);
    await fx.restartWith({ clock: () => yesterday.getTime() });
    const hans = await user('hans');
    await user('yoda', false);
    await hans.sendMessage('yoda', 'from yesterday');

    const yoda = await loggedInCli('yoda');
    const day = `${yesterday.getFullYear()}-${two(yesterday.getMonth() + 1)}-${two(yesterday.getDate())}`;
    await yoda.expect(`[${day} 12:34] hans (offline): from yesterday\n`);

    await fx.restartWith({});
    const carol = await user('carol');
    const zed = await loggedInCli('zed', true);
    const before = Date.now();
    await carol.sendMessage('zed', 'now');
    await zed.expect('] carol: now\n');
    const line = zed.printed.split('\n').find((l) => l.endsWith('carol: now')) ?? '';
    const stamp = /^\[(\d\d):(\d\d)\] /.exec(line);
    expect(stamp).not.toBeNull();
    // The message's time is between just before it was sent and now.
    const shown = Number(stamp?.[1]) * 60 + Number(stamp?.[2]);
    const minutes = (ts: number): number => new Date(ts).getHours() * 60 + new Date(ts).getMinutes();
    expect([minutes(before), minutes(Date.now())]).toContain(shown);
  });
});
