/** The client after its server went away: logging in again by itself, and a send made meanwhile. */
import { describe, expect, it } from 'vitest';
import { useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { transcript } from '../../tests/helpers/transcript.js';
import type { ParleyClient } from './parley-client.js';

const fx = useClientFixture();

function user(name: string, initialDelayMs = 20): Promise<ParleyClient> {
  return fx.user(name, { reconnect: { initialDelayMs, maxDelayMs: Math.max(initialDelayMs, 200) } });
}

describe('reconnecting', () => {
  it('announces each attempt and logs in again once the server is back', async () => {
    const alice = await user('alice');
    const first = nextEvent(alice, 'reconnecting');
    const second = nextEvent(alice, 'reconnecting', (e) => e.attempt === 2);
    await fx.server.stop();
    const announced = await first;
    expect(announced.attempt).toBe(1);
    expect(announced.at).toBeGreaterThan(0);
    await second; // the first attempt found nobody listening
    expect(alice.reconnecting).toBe(true);

    const back = nextEvent(alice, 'reconnected');
    const loggedIn = nextEvent(alice, 'state', (s) => s.state === 'logged-in');
    await fx.restartInPlace();
    expect(await back).toEqual({ username: 'alice' });
    await loggedIn;
    expect(alice.reconnecting).toBe(false);
    expect(alice.snapshot()).toMatchObject({ state: 'logged-in', username: 'alice' });
    expect(alice.snapshot().reconnectAt).toBeUndefined();
    expect(await alice.whoelse()).toEqual([]);
  });

  it('skips the wait on reconnectNow, and a snapshot says when the next attempt is', async () => {
    const alice = await user('alice', 60_000);
    const scheduled = nextEvent(alice, 'reconnecting');
    await fx.server.stop();
    const { at } = await scheduled;
    expect(alice.snapshot().reconnectAt).toBe(at);
    await fx.restartInPlace();
    const back = nextEvent(alice, 'reconnected');
    alice.reconnectNow(); // without it the next attempt is a minute away
    expect(await back).toEqual({ username: 'alice' });
  });

  it('stops trying on logout and on disconnect', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const aliceTrying = nextEvent(alice, 'reconnecting');
    const bobTrying = nextEvent(bob, 'reconnecting');
    await fx.server.stop();
    await Promise.all([aliceTrying, bobTrying]);
    await alice.logout();
    await bob.disconnect();
    expect([alice.reconnecting, bob.reconnecting]).toEqual([false, false]);
    expect(alice.snapshot().reconnectAt).toBeUndefined();
  });

  it('queues a send made while the server is away instead of failing it, and retry only takes failed ones', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const aliceSees = transcript(alice);
    const bobGone = nextEvent(bob, 'disconnected');
    await fx.server.stop();
    await bobGone;
    const queued = await alice.sendMessage('bob', 'are you there?');
    expect(queued).toMatchObject({ state: 'queued', text: 'are you there?' });
    await expect(alice.retryMessage('local-999')).rejects.toMatchObject({ status: 404 });
    await expect(alice.retryMessage(queued.id)).rejects.toMatchObject({ status: 409 });

    const atBob = nextEvent(bob, 'message', (e) => e.message.text === 'are you there?');
    const sent = nextEvent(
      alice,
      'message-updated',
      (e) => e.localId === queued.id && e.message.state !== 'sending',
    );
    await fx.restartInPlace();
    await atBob;
    const { message } = await sent;
    expect(['delivered', 'stored']).toContain(message.state);
    expect(message.id).not.toBe(queued.id);
    expect(aliceSees.messages('direct:bob').map((m) => m.text)).toEqual(['are you there?']);
    await expect(alice.retryMessage(message.id)).rejects.toMatchObject({ status: 409 });
  });
});
