/**
 * Blocking someone ends what the server does not carry (issue 17, defect 5): an open private
 * chat with them ends on both sides and they can't write into it any more; a request of theirs
 * waiting here is answered no.
 */
import { describe, expect, it } from 'vitest';
import { useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import type { ParleyClient } from './parley-client.js';

const fx = useClientFixture();

async function openChat(alice: ParleyClient, bob: ParleyClient): Promise<void> {
  const request = nextEvent(bob, 'private-request');
  const started = Promise.all([nextEvent(alice, 'private-started'), nextEvent(bob, 'private-started')]);
  const requestId = await alice.startPrivate('bob');
  await request;
  await bob.answerPrivate(requestId, true);
  await started;
}

describe('blocking and private chats', () => {
  it('blocking the peer of an open private chat ends it, and the peer can no longer write', async () => {
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    await openChat(alice, bob);

    const aliceEnded = nextEvent(alice, 'private-ended');
    const bobEnded = nextEvent(bob, 'private-ended');
    await alice.block('bob');
    expect(await aliceEnded).toEqual({ user: 'bob', by: 'me', reason: 'blocked' });
    expect(await bobEnded).toEqual({ user: 'alice', by: 'peer', reason: 'blocked' });
    expect(alice.privateChats).toEqual([]);
    expect(bob.privateChats).toEqual([]);
    await expect(bob.sendPrivate('alice', 'still there?')).rejects.toMatchObject({ status: 404 });
  });

  it('blocking someone whose request waits answers it no', async () => {
    const alice = await fx.user('alice');
    const bob = await fx.user('bob');
    const request = nextEvent(alice, 'private-request');
    const rejected = nextEvent(bob, 'private-rejected');
    await bob.startPrivate('alice');
    await request;
    await alice.block('bob');
    expect(await rejected).toMatchObject({ user: 'alice', reason: 'rejected' });
    expect(alice.privateRequests).toEqual([]);
  });

  it('blocking someone with no private chat just blocks', async () => {
    const alice = await fx.user('alice');
    await fx.user('bob');
    const notices: string[] = [];
    alice.on('notice', ({ message }) => notices.push(message));
    await alice.block('bob');
    expect(alice.snapshot().blocked).toEqual(['bob']);
    expect(notices).toEqual([]);
  });
});
