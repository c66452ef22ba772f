/**
 * The contract, run against both adapters with real cores, a real embedded server and real
 * profiles: logging in, messages both ways, presence, blocks and private chats.
 */
import { describe, expect, it } from 'vitest';
import { nextEvent } from '../helpers/next-event.js';
import { ADAPTERS, HOSTING, ok, PASSWORD, useAppFixture, type TestApp } from './app-fixture.js';

const fx = useAppFixture();

async function signIn(app: TestApp, username: string): Promise<void> {
  await ok(app.api.register({ username, password: PASSWORD }));
  expect(await ok(app.api.login({ username, password: PASSWORD }))).toEqual({ username });
}

describe.each(ADAPTERS)('the contract over %s', (adapter) => {
  /** alice hosts and logs in; bob connects to her server and logs in; alice has seen him arrive. */
  async function aliceAndBob(): Promise<{ alice: TestApp; bob: TestApp }> {
    const alice = await fx.open(adapter, fx.profile(HOSTING));
    const address = await ok(alice.api.connect({ mode: 'embedded' }));
    expect(address.host).toBe('127.0.0.1');
    await signIn(alice, 'alice');
    const bob = await fx.open(adapter, fx.profile());
    expect(await ok(bob.api.connect({ mode: 'remote', ...address }))).toEqual(address);
    const bobArrives = nextEvent(alice.events, 'presence', (p) => p.user === 'bob' && p.online);
    await signIn(bob, 'bob');
    await bobArrives;
    return { alice, bob };
  }

  it('logs in, sends and receives, counts unread and shows it in the snapshot', async () => {
    const { alice, bob } = await aliceAndBob();
    const received = nextEvent(alice.events, 'message', ({ message }) => message.from === 'bob');
    const unread = nextEvent(alice.events, 'unread', (u) => u.total === 1);
    const sent = await ok(bob.api.sendMessage({ to: 'alice', text: 'hello alice' }));
    expect(sent).toMatchObject({ kind: 'direct', direction: 'out', to: 'alice', state: 'delivered' });
    const { message } = await received;
    expect(message).toMatchObject({ kind: 'direct', direction: 'in', text: 'hello alice', id: sent.id });
    expect((await unread).counts).toEqual({ 'direct:bob': 1 });

    // A reloaded page connects again: the session it already has stays.
    const again = await ok(alice.api.connect({ mode: 'embedded' }));
    expect(again.host).toBe('127.0.0.1');
    const snapshot = await ok(alice.api.snapshot({}));
    expect(snapshot.client).toMatchObject({ state: 'logged-in', username: 'alice', online: ['bob'] });
    expect(snapshot.host).toMatchObject({ state: 'running', host: '127.0.0.1', online: 2 });
    const conversation = snapshot.client.conversations.find((c) => c.key === 'direct:bob');
    expect(conversation).toMatchObject({ kind: 'direct', unread: 1 });
    expect(conversation?.messages.map((m) => m.text)).toEqual(['hello alice']);

    const read = nextEvent(alice.events, 'unread', (u) => u.total === 0);
    await ok(alice.api.markRead({ key: 'direct:bob' }));
    expect((await read).counts).toEqual({});

    const bobSide = await ok(bob.api.loadConversation({ key: 'direct:alice' }));
    expect(bobSide.messages).toEqual([expect.objectContaining({ text: 'hello alice', state: 'delivered' })]);
  });

  it('broadcasts, and follows presence as users leave', async () => {
    const { alice, bob } = await aliceAndBob();
    const heard = nextEvent(bob.events, 'message', ({ message }) => message.kind === 'broadcast');
    const result = await ok(alice.api.broadcast({ text: 'hello all' }));
    expect(result).toMatchObject({ skipped: 0, message: { state: 'sent', kind: 'broadcast' } });
    expect((await heard).message).toMatchObject({ from: 'alice', text: 'hello all' });
    expect(await ok(bob.api.whoelse({}))).toEqual({ users: ['alice'] });

    const bobLeaves = nextEvent(alice.events, 'presence', (p) => p.user === 'bob' && !p.online);
    await ok(bob.api.logout({}));
    await bobLeaves;
    expect((await ok(alice.api.snapshot({}))).client.online).toEqual([]);
  });

  it('blocks: the blocked user is refused with the server sentence and status', async () => {
    const { alice, bob } = await aliceAndBob();
    const blocklist = nextEvent(alice.events, 'blocklist', (b) => b.users.includes('bob'));
    await ok(alice.api.block({ user: 'bob' }));
    await blocklist;
    const refused = await bob.api.sendMessage({ to: 'alice', text: 'let me in' });
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'refused',
        status: 403,
        message: 'Your message could not be delivered as the recipient has blocked you',
      },
    });
    expect((await ok(alice.api.snapshot({}))).client.blocked).toEqual(['bob']);
    await ok(alice.api.unblock({ user: 'bob' }));
    expect((await ok(bob.api.sendMessage({ to: 'alice', text: 'thanks' }))).state).toBe('delivered');
  });

  it('opens a private chat that is accepted, and keeps it in history marked private', async () => {
    const { alice, bob } = await aliceAndBob();
    const request = nextEvent(bob.events, 'private-request');
    const aliceStarted = nextEvent(alice.events, 'private-started');
    const bobStarted = nextEvent(bob.events, 'private-started');
    const { requestId } = await ok(alice.api.startPrivate({ user: 'bob' }));
    expect(await request).toMatchObject({ requestId, from: 'alice' });
    await ok(bob.api.answerPrivate({ requestId, accept: true }));
    expect(await aliceStarted).toEqual({ user: 'bob', initiator: true });
    expect(await bobStarted).toEqual({ user: 'alice', initiator: false });

    const received = nextEvent(bob.events, 'message', ({ message }) => message.kind === 'private');
    const sent = await ok(alice.api.sendPrivate({ user: 'bob', text: 'just us' }));
    expect(sent.state).toBe('delivered');
    expect((await received).message).toMatchObject({ from: 'alice', text: 'just us', direction: 'in' });
    expect((await ok(bob.api.snapshot({}))).client.privateChats).toEqual(['alice']);

    const history = await ok(bob.api.loadConversation({ key: 'private:alice' }));
    expect(history).toMatchObject({ kind: 'private', key: 'private:alice' });
    expect(history.messages).toEqual([expect.objectContaining({ kind: 'private', text: 'just us' })]);

    const ended = nextEvent(bob.events, 'private-ended');
    await ok(alice.api.stopPrivate({ user: 'bob' }));
    expect(await ended).toMatchObject({ user: 'alice', by: 'peer' });
  });

  it('shows the same safety number on both sides, keeps the key in the profile, and marks verified', async () => {
    const { alice, bob } = await aliceAndBob();
    expect(await bob.api.safetyNumber({ user: 'alice' })).toMatchObject({
      ok: true,
      value: { user: 'alice', status: 'unknown', groups: [] },
    });
    const request = nextEvent(bob.events, 'private-request');
    const started = [nextEvent(alice.events, 'private-started'), nextEvent(bob.events, 'private-started')];
    const { requestId } = await ok(alice.api.startPrivate({ user: 'bob' }));
    await request;
    await ok(bob.api.answerPrivate({ requestId, accept: true }));
    await Promise.all(started);

    const atAlice = await ok(alice.api.safetyNumber({ user: 'bob' }));
    const atBob = await ok(bob.api.safetyNumber({ user: 'alice' }));
    expect(atAlice).toMatchObject({ status: 'pinned', safetyNumber: atBob.safetyNumber });
    expect(atAlice.groups).toHaveLength(12);
    expect(await ok(alice.api.setVerified({ user: 'bob', verified: true }))).toMatchObject({
      status: 'verified',
    });
    const refused = await alice.api.acceptNewKey({ user: 'bob' });
    expect(refused).toMatchObject({
      ok: false,
      error: { status: 404, message: 'bob has not presented a new key' },
    });

    // The key and the pins live in bob's profile: after a restart, the same number.
    const ended = nextEvent(alice.events, 'private-ended');
    await bob.close();
    await ended;
    const again = await fx.open(adapter, bob.profileDir);
    const address = (await ok(alice.api.snapshot({}))).client.server;
    if (!address) throw new Error('alice has no server address');
    await ok(again.api.connect({ mode: 'remote', ...address }));
    expect(await ok(again.api.login({ username: 'bob', password: PASSWORD }))).toEqual({ username: 'bob' });
    expect(await ok(again.api.safetyNumber({ user: 'alice' }))).toMatchObject({
      status: 'pinned',
      safetyNumber: atBob.safetyNumber,
    });
  });

  it('cancels a private request: the recipient gets private-cancelled and its snapshot drops it', async () => {
    const { alice, bob } = await aliceAndBob();
    const request = nextEvent(bob.events, 'private-request');
    const { requestId } = await ok(alice.api.startPrivate({ user: 'bob' }));
    await request;
    expect((await ok(bob.api.snapshot({}))).client.privateRequests).toEqual([
      expect.objectContaining({ requestId, from: 'alice' }),
    ]);
    const cancelled = nextEvent(bob.events, 'private-cancelled');
    await ok(alice.api.cancelPrivate({ requestId }));
    expect(await cancelled).toMatchObject({ requestId, from: 'alice' });
    expect((await ok(bob.api.snapshot({}))).client.privateRequests).toEqual([]);
    expect((await ok(alice.api.snapshot({}))).client.outgoingRequests).toEqual([]);
  });
});
