import { describe, expect, it } from 'vitest';
import { clientEventSchemas, type ClientEvent } from '../../src-shared/api/events.js';
import { BROADCAST_KEY, keyFor } from '../../src-shared/api/conversation-key.js';
import { clientSnapshot } from '../../src-shared/api/model.js';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { transcript } from '../../tests/helpers/transcript.js';
import { startTestServer } from '../../tests/helpers/test-server.js';
import type { ParleyClient } from './parley-client.js';
import { ParleyError } from './parley-error.js';

const fx = useClientFixture();
const P2P = { p2p: { helloTimeoutMs: 1000 } };

function user(name: string): Promise<ParleyClient> {
  return fx.user(name, P2P);
}

/** Registered, not logged in. */
function newcomer(name: string): Promise<ParleyClient> {
  return fx.registered(name, P2P);
}

async function rejection(promise: Promise<unknown>): Promise<ParleyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParleyError);
  return error as ParleyError;
}

describe('ParleyClient against the real server', () => {
  it('sends messages with delivery states and receives them as events', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const [aliceSees, bobSees] = [transcript(alice), transcript(bob)];
    const received = nextEvent(bob, 'message');
    const sent = await alice.sendMessage('bob', 'hello bob');
    expect(sent).toMatchObject({
      from: 'alice',
      to: 'bob',
      text: 'hello bob',
      state: 'delivered',
      direction: 'out',
    });
    const { message } = await received;
    expect(message).toMatchObject({
      id: sent.id,
      from: 'alice',
      text: 'hello bob',
      kind: 'direct',
      direction: 'in',
    });
    expect(aliceSees.messages('direct:bob').map((m) => m.state)).toEqual(['delivered']);
    expect(bobSees.messages('direct:alice').map((m) => m.text)).toEqual(['hello bob']);

    expect((await rejection(alice.sendMessage('alice', 'me'))).status).toBe(400);
    expect((await rejection(alice.sendMessage('nobody', 'hi'))).status).toBe(404);
    await bob.block('alice');
    const refused = await rejection(alice.sendMessage('bob', 'still there?'));
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(StandardMessage.blockedByRecipient);
    expect(aliceSees.messages('direct:bob').at(-1)).toMatchObject({
      state: 'refused',
      reason: StandardMessage.blockedByRecipient,
    });
    expect(bob.snapshot().blocked).toEqual(['alice']);
    expect(await bob.blocklist()).toEqual(['alice']);
  });

  it('broadcasts to everyone but those who block the sender', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');
    const aliceSees = transcript(alice);
    const toBob = nextEvent(bob, 'message');
    const toCarol = nextEvent(carol, 'message');
    expect((await alice.broadcast('hi all')).skipped).toBe(0);
    expect((await toBob).message).toMatchObject({ kind: 'broadcast', from: 'alice', text: 'hi all' });
    expect((await toCarol).message).toMatchObject({ kind: 'broadcast', from: 'alice', text: 'hi all' });

    await carol.block('alice');
    const again = nextEvent(bob, 'message');
    const { message, skipped } = await alice.broadcast('second');
    expect(skipped).toBe(1);
    expect(message).toMatchObject({ state: 'sent', skipped: 1 });
    expect((await again).message.text).toBe('second');
    expect(aliceSees.messages(BROADCAST_KEY).map((m) => m.text)).toEqual(['hi all', 'second']);
  });

  it('tracks who is online from whoelse and presence, hiding users who block us', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    expect(alice.snapshot().online).toEqual(['bob']);
    expect(bob.snapshot().online).toEqual(['alice']);

    await bob.block('alice');
    const carolSeen = nextEvent(alice, 'presence', (p) => p.user === 'carol' && p.online);
    const carol = await user('carol');
    await carolSeen;
    expect(carol.snapshot().online).toEqual(['alice', 'bob']);
    expect(await alice.whoelse()).toEqual(['carol']);

    // bob blocks alice: when bob leaves, carol hears of it and alice does not. Carol's next
    // message to alice is sent after bob's presence went out, so it marks the point to check.
    const bobGoneForCarol = nextEvent(carol, 'presence', (p) => p.user === 'bob' && !p.online);
    const alicePresence: string[] = [];
    alice.on('presence', (p) => alicePresence.push(`${p.user}:${p.online}`));
    await bob.logout();
    expect(bob.state).toBe('logged-out');
    await bobGoneForCarol;
    const marker = nextEvent(alice, 'message', (e) => e.message.text === 'marker');
    await carol.sendMessage('alice', 'marker');
    await marker;
    expect(alicePresence).toEqual([]);
    expect(carol.snapshot().online).toEqual(['alice']);
    const recent = nextEvent(carol, 'recent-users');
    expect(await carol.whoelseSince(60)).toEqual(['alice', 'bob']);
    expect(await recent).toEqual({ seconds: 60, users: ['alice', 'bob'] });
  });

  it('stores messages for offline users and delivers them at login, oldest first', async () => {
    const alice = await user('alice');
    const dave = await newcomer('dave');
    const daveSees = transcript(dave);
    expect((await alice.sendMessage('dave', 'one')).state).toBe('stored');
    expect((await alice.sendMessage('dave', 'two')).state).toBe('stored');
    const texts: string[] = [];
    const both = new Promise<void>((resolve) =>
      dave.on('message', ({ message }) => {
        expect(message.offline).toBe(true);
        texts.push(message.text);
        if (texts.length === 2) resolve();
      }),
    );
    await dave.login('dave', PASSWORD);
    await both;
    expect(texts).toEqual(['one', 'two']);
    expect(daveSees.messages('direct:alice').map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('reports login errors with the status and the server message', async () => {
    const alice = await newcomer('alice');
    expect((await rejection(alice.login('nobody', PASSWORD))).status).toBe(404);
    const wrong = await rejection(alice.login('alice', 'wrong password'));
    expect([wrong.status, wrong.message]).toEqual([401, StandardMessage.wrongPassword]);
    expect((await rejection(alice.register('alice', PASSWORD))).status).toBe(409);
    await alice.login('alice', PASSWORD);
    const twice = fx.client();
    expect((await rejection(twice.login('alice', PASSWORD))).status).toBe(409);
  });

  it('reports an inactivity timeout as state timed-out', async () => {
    await fx.restartWith({ inactivityTimeoutMs: 1000 });
    const alice = await user('alice');
    const disconnected = await nextEvent(alice, 'disconnected');
    expect(disconnected.reason).toBe('timeout');
    expect(alice.state).toBe('timed-out');
  });

  it('reports a shutdown at once and rejects requests until it is back', async () => {
    const alice = await fx.user('alice', { reconnect: false });
    const disconnected = nextEvent(alice, 'disconnected');
    await fx.server.stop();
    expect((await disconnected).reason).toBe('shutdown');
    expect(alice.state).toBe('disconnected');
    expect(alice.reconnecting).toBe(false);
    expect((await rejection(alice.whoelse())).status).toBe(0);
  });

  it('keeps the contract: a snapshot and every event validate against their schemas', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const bobSees = transcript(bob);
    const events: ClientEvent[] = [];
    bob.onAny((event) => events.push(event));
    const got = nextEvent(bob, 'message', (e) => e.message.text === 'two');
    await alice.sendMessage('bob', 'one');
    await alice.sendMessage('bob', 'two');
    await alice.broadcast('all');
    await got;
    await bob.sendMessage('alice', 'back');
    await bob.whoelseSince(30);
    await bob.block('alice');

    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['message', 'message-updated', 'recent-users', 'blocklist']),
    );
    for (const { type, ...payload } of events) clientEventSchemas[type].parse(payload);

    const snapshot = clientSnapshot.parse(bob.snapshot());
    expect(snapshot).toMatchObject({
      state: 'logged-in',
      username: 'bob',
      server: { host: fx.server.host, port: fx.server.port },
      online: ['alice'],
      blocked: ['alice'],
      privateChats: [],
      privateRequests: [],
      outgoingRequests: [],
      // Conversations are the app core's (its history); the client keeps none of its own.
      conversations: [],
    });
    // The events alone say everything a conversation shows.
    expect(bobSees.messages(keyFor('direct', 'alice')).map((m) => [m.direction, m.text])).toEqual([
      ['in', 'one'],
      ['in', 'two'],
      ['out', 'back'],
    ]);
    expect(bobSees.messages(BROADCAST_KEY).map((m) => m.text)).toEqual(['all']);
  });

  it('changes server only while disconnected', async () => {
    const other = await startTestServer();
    try {
      const alice = await user('alice');
      expect(() => alice.setServer({ host: other.host, port: other.port })).toThrow(ParleyError);
      await alice.disconnect();
      alice.setServer({ host: other.host, port: other.port });
      expect(alice.server).toEqual({ host: other.host, port: other.port });
      await alice.register('alice', PASSWORD);
      await alice.login('alice', PASSWORD);
      expect(alice.snapshot().server).toEqual({ host: other.host, port: other.port });
      await alice.disconnect();
    } finally {
      await other.dispose();
    }
  });
});
