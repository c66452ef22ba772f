/**
 * The contract's rooms, relations, receipts and typing over both adapters, with real cores, a real
 * embedded server and real profiles: what a rooms UI needs is there and kept in local history.
 */
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();

async function signIn(app: TestApp, username: string): Promise<void> {
  await ok(app.api.register({ username, password: PASSWORD }));
  await ok(app.api.login({ username, password: PASSWORD }));
}

describe.each(ADAPTERS)('rooms over %s', (adapter) => {
  async function aliceAndBob(): Promise<{ alice: TestApp; bob: TestApp }> {
    const alice = await fx.open(adapter, fx.profile(HOSTING));
    const address = await ok(alice.api.connect({ mode: 'embedded' }));
    await signIn(alice, 'alice');
    const bob = await fx.open(adapter, fx.profile());
    await ok(bob.api.connect({ mode: 'remote', ...address }));
    await signIn(bob, 'bob');
    return { alice, bob };
  }

  it('creates, joins and talks in a room; unread, mentions, relations folded, read position kept', async () => {
    const { alice, bob } = await aliceAndBob();
    expect(await ok(alice.api.createRoom({ room: 'team', topic: 'us' }))).toEqual({ room: 'team' });
    expect((await ok(bob.api.listRooms({}))).rooms).toEqual([
      {
        room: 'team',
        private: false,
        topic: 'us',
        owner: 'alice',
        members: 1,
        joined: false,
        invited: false,
      },
    ]);
    const joinLine = nextEvent(alice.events, 'message', ({ message }) => message.notice?.type === 'member');
    await ok(bob.api.joinRoom({ room: 'team' }));
    expect((await joinLine).message).toMatchObject({ room: 'team', notice: { user: 'bob', change: 'join' } });

    const mentioned = nextEvent(bob.events, 'unread', (u) => u.mentions?.['room:team'] === 1);
    const sent = await ok(alice.api.sendRoomMessage({ room: 'team', text: 'hi @bob' }));
    expect(sent).toMatchObject({ kind: 'room', room: 'team', direction: 'out', state: 'delivered' });
    expect((await mentioned).counts['room:team']).toBe(1);

    const updated = nextEvent(bob.events, 'message-updated', ({ message }) => message.edited === true);
    await ok(alice.api.editMessage({ key: 'room:team', id: sent.id, text: 'hi @bob!' }));
    expect((await updated).message).toMatchObject({ id: sent.id, text: 'hi @bob!', edited: true });
    const reacted = nextEvent(
      alice.events,
      'message-updated',
      ({ message }) => message.reactions !== undefined,
    );
    await ok(bob.api.react({ key: 'room:team', id: sent.id, emoji: '👍', on: true }));
    expect((await reacted).message.reactions).toEqual([{ emoji: '👍', users: ['bob'] }]);

    const typing = nextEvent(alice.events, 'typing', (t) => t.active);
    await ok(bob.api.typing({ key: 'room:team', active: true }));
    expect(await typing).toEqual({ key: 'room:team', from: 'bob', active: true });

    const seen = nextEvent(alice.events, 'relation', ({ relation }) => relation.type === 'read');
    await ok(bob.api.markRead({ key: 'room:team' }));
    expect((await seen).relation).toMatchObject({ room: 'team', from: 'bob', upTo: 3 });
    const room = await ok(bob.api.loadConversation({ key: 'room:team' }));
    expect(room).toMatchObject({ kind: 'room', unread: 0, readUpTo: 3 });
    expect(room.messages.map((m) => [m.seq, m.notice?.type ?? m.text, m.edited ?? false])).toEqual([
      [2, 'member', false],
      [3, 'hi @bob!', true],
    ]);
    expect(room.messages[1]?.reactions).toEqual([{ emoji: '👍', users: ['bob'] }]);
    expect((await ok(bob.api.roomMembers({ room: 'team' }))).members.map((m) => [m.user, m.owner])).toEqual([
      ['alice', true],
      ['bob', false],
    ]);

    // Older history: alice's own join line is on the server, not in bob's local history.
    const older = await ok(bob.api.loadOlder({ key: 'room:team' }));
    expect(older.more).toBe(false);
    expect(older.messages.map((m) => [m.seq, m.notice])).toEqual([
      [1, { type: 'member', user: 'alice', change: 'join' }],
    ]);
    expect((await ok(bob.api.loadConversation({ key: 'room:team' }))).messages.map((m) => m.seq)).toEqual([
      1, 2, 3,
    ]);

    await ok(bob.api.muteConversation({ key: 'room:team', muted: true }));
    expect((await ok(bob.api.loadConversation({ key: 'room:team' }))).muted).toBe(true);
  });

  it('a direct reply, an edit, and the read receipt that makes a stored message "read"', async () => {
    const { alice, bob } = await aliceAndBob();
    await ok(bob.api.logout({}));
    const sent = await ok(alice.api.sendMessage({ to: 'bob', text: 'are you there?' }));
    expect(sent.state).toBe('stored');
    const got = nextEvent(bob.events, 'message', ({ message }) => message.id === sent.id);
    await ok(bob.api.login({ username: 'bob', password: PASSWORD }));
    await got;
    const reply = nextEvent(alice.events, 'message', ({ message }) => message.replyTo === sent.id);
    await ok(bob.api.sendMessage({ to: 'alice', text: 'yes', replyTo: sent.id }));
    expect((await reply).message).toMatchObject({ text: 'yes', direction: 'in' });

    const read = nextEvent(alice.events, 'message-updated', ({ message }) => message.state === 'read');
    await ok(bob.api.markRead({ key: 'direct:alice' }));
    const { message } = await read;
    expect(message).toMatchObject({ id: sent.id, state: 'read', readBy: ['bob'] });
    expect(message.readAt).toEqual(expect.any(Number));
    const kept = await ok(alice.api.loadConversation({ key: 'direct:bob' }));
    expect(kept.messages.find((m) => m.id === sent.id)?.state).toBe('read');

    const edited = nextEvent(bob.events, 'message-updated', ({ message }) => message.edited === true);
    await ok(alice.api.editMessage({ key: 'direct:bob', id: sent.id, text: 'are you there??' }));
    expect((await edited).message).toMatchObject({ id: sent.id, text: 'are you there??' });
    const refused = await bob.api.editMessage({ key: '#broadcast', id: sent.id, text: 'x' });
    expect(refused.ok).toBe(false);
  });

  it('with "Send read receipts" off, markRead sends nothing and others\' receipts are not shown', async () => {
    const { alice, bob } = await aliceAndBob();
    await ok(alice.api.updateSettings({ sendReadReceipts: false }));
    const got = nextEvent(alice.events, 'message');
    const sent = await ok(bob.api.sendMessage({ to: 'alice', text: 'hello' }));
    await got;
    await ok(alice.api.markRead({ key: 'direct:bob' }));
    // Bob's side: a receipt would arrive before the answer to a later request of alice's.
    const second = nextEvent(alice.events, 'message', ({ message }) => message.text === 'again');
    await ok(bob.api.sendMessage({ to: 'alice', text: 'again' }));
    await second;
    expect(
      (await ok(bob.api.loadConversation({ key: 'direct:alice' }))).messages.find((m) => m.id === sent.id)
        ?.state,
    ).toBe('delivered');
  });
});
