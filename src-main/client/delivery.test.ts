/**
 * Protocol 1.1 delivery through the real client and a real server: a direct message is
 * acknowledged only once its consumer handled it, and a connection cut between delivery and
 * ack still leaves the recipient with the message exactly once.
 */
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/model.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { transcript } from '../../tests/helpers/transcript.js';
import type { ParleyClient } from './parley-client.js';

const fx = useClientFixture();
const user = fx.user;

/** Texts of the direct messages `who` emits from now on. */
function receivedBy(who: ParleyClient): string[] {
  const texts: string[] = [];
  who.on('message', ({ message }) => {
    if (message.direction === 'in' && message.kind === 'direct') texts.push(message.text);
  });
  return texts;
}

/** A consumer that holds each message until released: the window between delivery and ack. */
function blockingConsumer(): {
  accept: (message: ChatMessage) => Promise<boolean>;
  entered: Promise<ChatMessage>;
  release: () => void;
  calls: string[];
} {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let enter: (message: ChatMessage) => void = () => undefined;
  const entered = new Promise<ChatMessage>((resolve) => (enter = resolve));
  const calls: string[] = [];
  return {
    calls,
    entered,
    release: () => release(),
    accept: async (message) => {
      calls.push(message.text);
      enter(message);
      if (message.text === 'once') await gate;
      return true;
    },
  };
}

/** Logs `name` in on a fresh client (a new process, as it were) and returns what it is sent. */
async function whatIsStoredFor(name: string, sender: ParleyClient): Promise<string[]> {
  const fresh = fx.client({ reconnect: false });
  const texts = receivedBy(fresh);
  await fresh.login(name, PASSWORD);
  const marker = nextEvent(fresh, 'message', (e) => e.message.text === 'marker');
  await sender.sendMessage(name, 'marker');
  await marker;
  await fresh.logout();
  return texts.filter((text) => text !== 'marker');
}

describe('acknowledged delivery', () => {
  it('shows a message once when the connection dies between delivery and ack', async () => {
    const alice = await user('alice');
    const consumer = blockingConsumer();
    const bob = await user('bob', { reconnect: false, acceptIncoming: consumer.accept });
    const texts = receivedBy(bob);
    const bobSees = transcript(bob);

    await alice.sendMessage('bob', 'once');
    const held = await consumer.entered;
    expect(held).toMatchObject({ text: 'once', seq: expect.any(Number) as number });
    await bob.disconnect(); // the ack never left
    await bob.login('bob', PASSWORD); // the server sends it again, behind the one still held
    consumer.release();

    const marker = nextEvent(bob, 'message', (e) => e.message.text === 'marker');
    await alice.sendMessage('bob', 'marker');
    await marker;
    expect(texts).toEqual(['once', 'marker']);
    // The redelivery was dropped by seq without asking the consumer again.
    expect(consumer.calls).toEqual(['once', 'marker']);
    expect(bobSees.messages('direct:alice').map((m) => m.text)).toEqual(['once', 'marker']);

    // And it is acknowledged now: nothing is left stored for bob.
    await bob.logout();
    expect(await whatIsStoredFor('bob', alice)).toEqual([]);
  });

  it('shows a message once across a server restart, logging in again by itself', async () => {
    const alice = await user('alice');
    const consumer = blockingConsumer();
    const bob = await user('bob', {
      acceptIncoming: consumer.accept,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    const texts = receivedBy(bob);
    await alice.sendMessage('bob', 'once');
    await consumer.entered;

    const bobBack = nextEvent(bob, 'reconnected');
    const aliceBack = nextEvent(alice, 'reconnected');
    await fx.restartInPlace();
    expect(await bobBack).toEqual({ username: 'bob' });
    await aliceBack;
    consumer.release();

    const marker = nextEvent(bob, 'message', (e) => e.message.text === 'marker');
    await alice.sendMessage('bob', 'marker');
    await marker;
    expect(texts).toEqual(['once', 'marker']);
    await bob.logout();
    expect(await whatIsStoredFor('bob', alice)).toEqual([]);
  });

  it('sends again what a consumer never finished handling (a crash before the ack)', async () => {
    const alice = await user('alice');
    const consumer = blockingConsumer(); // never released: the process dies holding it
    const bob = await user('bob', { reconnect: false, acceptIncoming: consumer.accept });
    await alice.sendMessage('bob', 'once');
    await consumer.entered;
    await bob.disconnect();
    expect(await whatIsStoredFor('bob', alice)).toEqual(['once']);
  });

  it('never acknowledges a message nobody handled', async () => {
    const alice = await user('alice');
    const bob = await user('bob', { reconnect: false });
    // bob's client has no message listener and no acceptIncoming: nobody shows the message.
    const unhandled = nextEvent(bob, 'notice');
    expect((await alice.sendMessage('bob', 'not seen')).state).toBe('delivered');
    expect((await unhandled).message).toMatch(/a message from alice was not handled/);
    await bob.logout();
    expect(await whatIsStoredFor('bob', alice)).toEqual(['not seen']);
  });

  it('acknowledges without emitting what the consumer already knows', async () => {
    const alice = await user('alice');
    let asked: (message: ChatMessage) => void = () => undefined;
    const wasAsked = new Promise<ChatMessage>((resolve) => (asked = resolve));
    const bob = await user('bob', {
      reconnect: false,
      acceptIncoming: (message) => {
        asked(message);
        return false;
      },
    });
    const texts = receivedBy(bob);
    const bobSees = transcript(bob);
    await alice.sendMessage('bob', 'known already');
    expect((await wasAsked).text).toBe('known already');
    await bob.logout();
    expect(texts).toEqual([]);
    expect(bobSees.keys()).toEqual([]);
    expect(await whatIsStoredFor('bob', alice)).toEqual([]);
  });

  it('delivers a backlog larger than the in-flight window in order, acknowledging all of it', async () => {
    const alice = await user('alice');
    await user('carol', { reconnect: false }).then((carol) => carol.logout());
    const sent = Array.from({ length: 150 }, (_, i) => `m${i}`);
    for (const text of sent) await alice.sendMessage('carol', text);
    const carol = fx.client({ reconnect: false });
    const texts = receivedBy(carol);
    const carolSees = transcript(carol);
    const last = nextEvent(carol, 'message', (e) => e.message.text === 'm149');
    await carol.login('carol', PASSWORD);
    await last;
    expect(texts).toEqual(sent);
    expect(carolSees.messages('direct:alice').filter((m) => m.offline)).toHaveLength(150);
    await carol.logout();
    expect(await whatIsStoredFor('carol', alice)).toEqual([]);
  });
});
