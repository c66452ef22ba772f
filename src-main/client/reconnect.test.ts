/** The client after its server went away: logging in again by itself, and sends that failed. */
import { describe, expect, it } from 'vitest';
import { useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { transcript } from '../../tests/helpers/transcript.js';
import type { ParleyClient } from './parley-client.js';
import { ParleyError } from './parley-error.js';

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

  it('marks a send cut off by the lost connection failed, and sends it again on retry', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const aliceSees = transcript(alice);
    const bobGone = nextEvent(bob, 'disconnected');
    await fx.server.stop();
    await bobGone;
    const failed = nextEvent(alice, 'message-updated', (e) => e.message.state === 'failed');
    const error = await alice.sendMessage('bob', 'are you there?').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as ParleyError).status).toBe(0);
    const { message, localId } = await failed;
    expect(message).toMatchObject({ id: localId, state: 'failed', text: 'are you there?' });
    await expect(alice.retryMessage('local-999')).rejects.toMatchObject({ status: 404 });

    const bothBack = Promise.all([nextEvent(alice, 'reconnected'), nextEvent(bob, 'reconnected')]);
    await fx.restartInPlace();
    await bothBack;
    const atBob = nextEvent(bob, 'message', (e) => e.message.text === 'are you there?');
    const retried = await alice.retryMessage(localId);
    expect(retried).toMatchObject({ state: 'delivered', text: 'are you there?' });
    expect(retried.id).not.toBe(localId);
    await atBob;
    expect(aliceSees.messages('direct:bob').map((m) => [m.text, m.state])).toEqual([
      ['are you there?', 'delivered'],
    ]);
    await expect(alice.retryMessage(retried.id)).rejects.toMatchObject({ status: 409 });
  });
});
