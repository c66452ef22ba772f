/** The terminal client's room commands through the real process against a real server. */
import { describe, expect, it } from 'vitest';
import { useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { useTerminalClis } from '../../../tests/helpers/terminal-cli.js';

const fx = useClientFixture();
const terminal = useTerminalClis();
const TIME = String.raw`\[\d\d:\d\d\]`;

describe('terminal client, rooms', () => {
  it('creates, joins, talks, shows edits, deletes, notices, members, topic and history', async () => {
    const bob = await fx.user('bob');
    const alice = await terminal.loggedIn(fx.server, 'alice', true);

    alice.send('help');
    await alice.expect('  say <room> <text>  (or: #<room> <text>)\n');
    alice.send('create Team');
    await alice.expect('"Team" is not a valid room name: 1 to 32 of a-z, 0-9, _ and - (lowercase)\n');
    alice.send('create team');
    await alice.expect('You created #team (public)\n');
    alice.send('rooms');
    await alice.expect('#team (joined, 1 member)\n');

    await bob.joinRoom('team');
    await alice.expect(new RegExp(`${TIME} #team: bob joined\n`));
    const heard = nextEvent(bob, 'message', ({ message }) => message.text === 'hello   bob');
    alice.send('#team hello   bob');
    await heard;
    alice.send('say team second');
    await nextEvent(bob, 'message', ({ message }) => message.text === 'second');

    // Network text goes through the safe-text path: no escape sequence reaches the terminal.
    const sent = await bob.sendRoomMessage('team', 'hi \u001b[31mred');
    await alice.expect(new RegExp(`${TIME} #team bob: hi \\\\x1b\\[31mred\n`));
    expect(alice.printed).not.toContain('\u001b[31m');
    await bob.editMessage('room:team', sent.id, 'hi alice');
    await alice.expect(new RegExp(`${TIME} #team bob edited a message: hi alice\n`));
    await bob.deleteMessage('room:team', sent.id);
    await alice.expect(new RegExp(`${TIME} #team bob deleted a message\n`));
    await bob.setTopic('team', 'all of us');
    await alice.expect(new RegExp(`${TIME} #team: bob set the topic: all of us\n`));

    alice.send('members team');
    await alice.expect('Members of #team: alice (owner), bob\n');
    alice.send('history team 6');
    await alice.expect('Older items of #team exist');
    await alice.expect(new RegExp(`${TIME} #team alice: second\n`));
    await alice.expect(new RegExp(`${TIME} #team bob: \\(deleted\\)\n`));
    await alice.expect(new RegExp(`${TIME} #team: bob set the topic: all of us\n`));

    alice.send('topic team ours');
    await alice.expect(new RegExp(`${TIME} #team: alice set the topic: ours\n`));
    alice.send('kick team bob');
    // The room's item and the answer may come in either order; the next command comes after both.
    await alice.expect(new RegExp(`${TIME} #team: bob was removed by alice\n`));
    alice.send('members team');
    await alice.expect('Members of #team: alice (owner)\n');
    expect(alice.printed).toContain('You removed bob from #team\n');

    await bob.createRoom('secret', { private: true, topic: 'shh' });
    await bob.inviteToRoom('secret', 'alice');
    await alice.expect('bob invited you to the private room #secret (shh). Type: join secret\n');
    alice.send('join #secret');
    await alice.expect('You joined #secret. Send with: #secret <text>\n');
    alice.send('leave secret');
    await alice.expect('You left #secret\n');
    alice.send('say secret hi');
    await alice.expect('Error: ');
    alice.send('invite team nobody');
    await alice.expect('Error: ');
  });
});
