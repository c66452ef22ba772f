/**
 * End-to-end encryption against a broker that lies: the server hands the requester the address of
 * a relay (with the valid token). A relay that only forwards sees no text; one that re-encrypts
 * with its own keys gives each side another safety number, and is refused once keys are pinned;
 * transport messages it replays, alters, reorders or cuts off close the chat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { MaliciousBroker, type Tamper } from '../../tests/helpers/malicious-broker.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import type { ParleyClient } from './parley-client.js';
import { KEY_REFUSED } from './private-chats.js';

const fx = useClientFixture();
let broker: MaliciousBroker | undefined;
afterEach(() => broker?.close());

/** alice reaches the server through the lying broker; bob directly. */
async function aliceAndBob(): Promise<{ alice: ParleyClient; bob: ParleyClient; broker: MaliciousBroker }> {
  broker = await MaliciousBroker.start({ host: '127.0.0.1', port: fx.server.port });
  const alice = await fx.user('alice', { port: broker.port });
  const bob = await fx.user('bob');
  return { alice, bob, broker };
}

/** alice asks, bob accepts; resolves once both chats are open. */
async function open(alice: ParleyClient, bob: ParleyClient): Promise<void> {
  const request = nextEvent(bob, 'private-request');
  const started = [nextEvent(alice, 'private-started'), nextEvent(bob, 'private-started')];
  await alice.startPrivate('bob');
  await bob.answerPrivate((await request).requestId, true);
  await Promise.all(started);
}

function received(client: ParleyClient): string[] {
  const texts: string[] = [];
  client.on('message', ({ message }) => {
    if (message.kind === 'private') texts.push(message.text);
  });
  return texts;
}

describe('private chats through a lying broker', () => {
  it('a relay that forwards bytes sees no text, and both sides see the same safety number', async () => {
    const { alice, bob, broker } = await aliceAndBob();
    await open(alice, bob);
    expect(broker.relayed).toBe(1);
    const atBob = nextEvent(bob, 'message');
    await alice.sendPrivate('bob', 'the launch code is 4711 swordfish');
    expect((await atBob).message.text).toBe('the launch code is 4711 swordfish');
    const atAlice = nextEvent(alice, 'message');
    await bob.sendPrivate('alice', 'noted, burn after reading');
    expect((await atAlice).message.text).toBe('noted, burn after reading');

    const capture = broker.captured();
    expect(capture).toContain('[hello]'); // the relay did see the connection...
    expect(capture).not.toMatch(/swordfish|4711|burn after|\[private\]/); // ...but no frame of the chat
    expect(alice.safety('bob').safetyNumber).toMatch(/^\d{60}$/);
    expect(alice.safety('bob').safetyNumber).toBe(bob.safety('alice').safetyNumber);
  });

  it('a relay with its own keys: on first contact the two safety numbers differ', async () => {
    const { alice, bob, broker } = await aliceAndBob();
    broker.mode = { kind: 'mitm' };
    await open(alice, bob);
    const atBob = nextEvent(bob, 'message');
    await alice.sendPrivate('bob', 'hello through the middle');
    await atBob;
    expect(broker.captured()).toContain('hello through the middle'); // it reads everything...
    const atAlice = alice.safety('bob');
    const atBobSide = bob.safety('alice');
    expect(atAlice.status).toBe('pinned');
    expect(atAlice.safetyNumber).not.toBe(atBobSide.safetyNumber); // ...and comparing shows it
  });

  it('a relay with its own keys is refused, in words, on both sides once the keys are pinned', async () => {
    const { alice, bob, broker } = await aliceAndBob();
    broker.lying = false;
    await open(alice, bob); // direct: both pin the real keys
    await alice.stopPrivate('bob');
    const pinned = alice.safety('bob').safetyNumber;
    expect(pinned).toBe(bob.safety('alice').safetyNumber);

    broker.lying = true;
    broker.mode = { kind: 'mitm' };
    const request = nextEvent(bob, 'private-request');
    const aliceFailed = nextEvent(alice, 'private-failed');
    const bobFailed = nextEvent(bob, 'private-failed');
    let started = false;
    alice.on('private-started', () => (started = true));
    bob.on('private-started', () => (started = true));
    await alice.startPrivate('bob');
    await bob.answerPrivate((await request).requestId, true);
    expect((await aliceFailed).message).toMatch(/^bob's safety number has changed, so the chat was refused/);
    expect((await bobFailed).message).toMatch(/^alice's safety number has changed/);
    expect(started).toBe(false);
    expect(alice.privateChats).toEqual([]);
    expect(broker.captured()).toBe('');
    // The pinned key stays until the user accepts the new one, after comparing.
    const info = alice.safety('bob');
    expect(info).toMatchObject({ status: 'changed', safetyNumber: pinned });
    expect(info.newSafetyNumber).not.toBe(pinned);
    expect(alice.acceptNewKey('bob')).toMatchObject({ status: 'pinned', safetyNumber: info.newSafetyNumber });
  });

  it('a verified contact whose key changes is refused and told it had been verified', async () => {
    const { alice, bob, broker } = await aliceAndBob();
    broker.lying = false;
    await open(alice, bob);
    await alice.stopPrivate('bob');
    expect(alice.setVerified('bob', true).status).toBe('verified');
    broker.lying = true;
    broker.mode = { kind: 'mitm' };
    const request = nextEvent(bob, 'private-request');
    const aliceFailed = nextEvent(alice, 'private-failed');
    await alice.startPrivate('bob');
    await bob.answerPrivate((await request).requestId, true);
    expect((await aliceFailed).message).toContain('You had verified bob.');
  });

  it('a requester whose key changed (a reinstall) is refused by the recipient, and told why', async () => {
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    await open(alice, bob);
    await alice.logout();
    const reinstalled = fx.client(); // a new profile: a new static key, no pins
    await reinstalled.login('alice', PASSWORD);

    const request = nextEvent(bob, 'private-request');
    const bobFailed = nextEvent(bob, 'private-failed');
    const aliceEnded = nextEvent(reinstalled, 'private-ended');
    await reinstalled.startPrivate('bob');
    await bob.answerPrivate((await request).requestId, true);
    expect((await bobFailed).message).toMatch(/^alice's safety number has changed/);
    expect(await aliceEnded).toEqual({ user: 'bob', by: 'peer', reason: KEY_REFUSED });
    expect(bob.safety('alice').status).toBe('changed');
  });

  const TAMPERED: Record<Exclude<Tamper, 'none'>, string> = {
    replay: 'a replayed',
    flip: 'a bit-flipped',
    reorder: 'a reordered',
    truncate: 'a truncated',
  };
  for (const [tamper, label] of Object.entries(TAMPERED) as [Tamper, string][]) {
    it(`${label} transport message closes the chat and nothing is delivered twice`, async () => {
      const { alice, bob, broker } = await aliceAndBob();
      broker.mode = { kind: 'forward', tamper };
      await open(alice, bob);
      const atBob = received(bob);
      const bobEnded = nextEvent(bob, 'private-ended');
      const aliceEnded = nextEvent(alice, 'private-ended');
      await alice.sendPrivate('bob', 'one');
      // Two in flight at once, so the relay can swap them.
      const later = await Promise.allSettled([
        alice.sendPrivate('bob', 'two'),
        alice.sendPrivate('bob', 'three'),
      ]);
      const ended = await bobEnded;
      await aliceEnded;
      expect(ended).toMatchObject({ user: 'alice', by: 'network' });
      expect(ended.reason).toMatch(tamper === 'truncate' ? /middle of a message/ : /failed to decrypt/);
      // A replayed message is shown once; any other tampered one not at all; nothing after it.
      expect(atBob).toEqual(tamper === 'replay' ? ['one', 'two'] : ['one']);
      expect(later[1].status).toBe('rejected');
      expect(bob.privateChats).toEqual([]);
    });
  }
});
