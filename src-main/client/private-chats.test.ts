import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, StandardMessage } from '../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { LineClient, loggedIn } from '../../tests/helpers/line-client.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { generateKeyPair } from './noise/x25519.js';
import type { ParleyClient } from './parley-client.js';
import { dialPeer, E2E_VERSION } from './peer-connection.js';
// Short enough to test the drop quickly, long enough for a busy machine to send a hello.
const HELLO_TIMEOUT_MS = 1000;

const fx = useClientFixture();

function user(name: string): Promise<ParleyClient> {
  return fx.user(name, { p2p: { helloTimeoutMs: HELLO_TIMEOUT_MS, dialTimeoutMs: 5000 } });
}

/** alice asks bob, bob accepts, both sides see the chat start. */
async function openChat(alice: ParleyClient, bob: ParleyClient): Promise<void> {
  const request = nextEvent(bob, 'private-request');
  const aliceStarted = nextEvent(alice, 'private-started');
  const bobStarted = nextEvent(bob, 'private-started');
  const requestId = await alice.startPrivate('bob');
  expect(alice.outgoingRequests).toEqual([{ requestId, user: 'bob' }]);
  const incoming = await request;
  expect(incoming).toEqual({ requestId, from: 'alice', expiresAt: expect.any(Number) as number });
  expect(bob.privateRequests).toEqual([incoming]);
  await bob.answerPrivate(requestId, true);
  expect(await aliceStarted).toEqual({ user: 'bob', initiator: true });
  expect(await bobStarted).toEqual({ user: 'alice', initiator: false });
  expect(alice.outgoingRequests).toEqual([]);
}

/** The hard way out, as a crashed process: every socket of `client` closes without a word. */
async function crash(client: ParleyClient): Promise<void> {
  const inside = client as unknown as {
    session: { close(): Promise<void> };
    chats: { chats: Map<string, { destroy(): void }> };
  };
  for (const chat of inside.chats.chats.values()) chat.destroy();
  await inside.session.close();
}

describe('private chats', () => {
  it('request, accept, hello, messages both ways, stop', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await user('carol');
    await openChat(alice, bob);
    expect(alice.privateChats).toEqual(['bob']);

    const atBob = nextEvent(bob, 'message');
    const sent = await alice.sendPrivate('bob', 'psst');
    expect(sent).toMatchObject({ kind: 'private', state: 'delivered', to: 'bob' });
    expect((await atBob).message).toMatchObject({
      kind: 'private',
      from: 'alice',
      text: 'psst',
      id: sent.id,
    });

    const atAlice = nextEvent(alice, 'message');
    await bob.sendPrivate('alice', 'hi back');
    expect((await atAlice).message).toMatchObject({ kind: 'private', from: 'bob', text: 'hi back' });

    // One chat per pair, from either side.
    await expect(alice.startPrivate('bob')).rejects.toMatchObject({ status: 409 });
    await expect(bob.startPrivate('alice')).rejects.toMatchObject({ status: 409 });

    const bobEnded = nextEvent(bob, 'private-ended');
    const aliceEnded = nextEvent(alice, 'private-ended');
    await alice.stopPrivate('bob');
    expect(await bobEnded).toEqual({ user: 'alice', by: 'peer', reason: 'stopped' });
    expect(await aliceEnded).toEqual({ user: 'bob', by: 'me', reason: 'stopped' });
    expect(alice.privateChats).toEqual([]);
    expect(bob.privateChats).toEqual([]);
    await expect(alice.sendPrivate('bob', 'gone?')).rejects.toMatchObject({ status: 404 });
  });

  it('allows one request at a time between two users', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const toBob = nextEvent(bob, 'private-request');
    await alice.startPrivate('bob');
    // The server refuses the crossing request; the client would also settle a crossed pair
    // on one connection (the smaller username dials), should a server let both through.
    await expect(bob.startPrivate('alice')).rejects.toMatchObject({ status: 409 });
    const started = [nextEvent(alice, 'private-started'), nextEvent(bob, 'private-started')];
    await bob.answerPrivate((await toBob).requestId, true);
    await Promise.all(started);
    expect([alice.privateChats, bob.privateChats]).toEqual([['bob'], ['alice']]);
  });

  // Another address of this machine that the listener must not answer on: a LAN address, or on
  // Linux a second loopback address (all of 127/8 reaches this host there). Elsewhere there is none.
  const otherAddress =
    Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal)?.address ??
    (process.platform === 'linux' ? '127.0.0.2' : undefined);

  it.skipIf(otherAddress === undefined)(
    'listens on the interface that reaches the server only (skipped where the machine has no second address)',
    async () => {
      const alice = await user('alice');
      const port = alice.p2pPort ?? 0;
      expect(port).toBeGreaterThan(0);
      const reach = (host: string): Promise<boolean> =>
        new Promise((resolve) => {
          const socket = connect(port, host);
          socket.once('connect', () => {
            socket.destroy();
            resolve(true);
          });
          socket.once('error', () => resolve(false));
        });
      expect(await reach('127.0.0.1')).toBe(true);
      expect(await reach(otherAddress ?? '')).toBe(false);
    },
  );

  it('withdraws a request: the other side is told and forgets it', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const request = nextEvent(bob, 'private-request');
    const requestId = await alice.startPrivate('bob');
    await request;
    const cancelled = nextEvent(bob, 'private-cancelled');
    await alice.cancelPrivate(requestId);
    expect(await cancelled).toEqual({ requestId, from: 'alice', reason: 'cancelled' });
    expect(bob.privateRequests).toEqual([]);
    expect(alice.outgoingRequests).toEqual([]);
    await expect(alice.cancelPrivate(requestId)).rejects.toMatchObject({ status: 404 });
    await expect(bob.answerPrivate(requestId, true)).rejects.toMatchObject({ status: 404 });
  });

  it('reports a rejected request', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const request = nextEvent(bob, 'private-request');
    const rejected = nextEvent(alice, 'private-rejected');
    const requestId = await alice.startPrivate('bob');
    await bob.answerPrivate((await request).requestId, false);
    expect(await rejected).toEqual({ requestId, user: 'bob', reason: 'rejected' });
    expect(alice.privateChats).toEqual([]);
  });

  it('forgets a request whose sender logged out', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const request = nextEvent(bob, 'private-request');
    const requestId = await alice.startPrivate('bob');
    await request;
    expect(bob.privateRequests.map((r) => r.from)).toEqual(['alice']);
    const cancelled = nextEvent(bob, 'private-cancelled');
    await alice.logout();
    expect(await cancelled).toEqual({ requestId, from: 'alice', reason: 'offline' });
    expect(bob.privateRequests).toEqual([]);
  });

  it('reports a request nobody answered as timed out', async () => {
    await fx.restartWith({ privateRequestTtlMs: 300 });
    const alice = await user('alice');
    const bob = await user('bob');
    const rejected = nextEvent(alice, 'private-rejected');
    const cancelled = nextEvent(bob, 'private-cancelled');
    const requestId = await alice.startPrivate('bob');
    expect(await rejected).toEqual({ requestId, user: 'bob', reason: 'timeout' });
    expect(await cancelled).toEqual({ requestId, from: 'alice', reason: 'timeout' });
    expect(bob.privateRequests).toEqual([]);
  });

  it('refuses a plaintext hello, a stranger with a wrong or reused token, and one that says nothing', async () => {
    // alice speaks the raw protocol here, to hold the tokens in her hands.
    const alice = await loggedIn(fx.server.port, 'alice', { password: PASSWORD });
    const bob = await user('bob');
    const grant = async (): Promise<string> => {
      const request = nextEvent(bob, 'private-request');
      expect((await alice.request('startprivate', { user: 'bob' })).status).toBe(200);
      await bob.answerPrivate((await request).requestId, true);
      const accepted = await alice.push('privateaccepted');
      expect(accepted).toMatchObject({ user: 'bob', host: '127.0.0.1', port: bob.p2pPort });
      return accepted.token as string;
    };
    const port = bob.p2pPort ?? 0;

    // A good token without e2e: refused, closed, and the token is spent.
    const spent = await grant();
    const plain = await LineClient.connect(port);
    expect(await plain.request('hello', { from: 'alice', token: spent })).toEqual({
      status: 400,
      body: 'encryption required',
    });
    await plain.closed;
    const again = await LineClient.connect(port);
    expect((await again.request('hello', { from: 'alice', token: spent, e2e: E2E_VERSION })).status).toBe(
      401,
    );
    await again.closed;

    const token = await grant();
    const started = nextEvent(bob, 'private-started');
    const chat = await dialPeer({
      host: '127.0.0.1',
      port,
      from: 'alice',
      to: 'bob',
      token,
      timeoutMs: 5000,
      requestTimeoutMs: 5000,
      staticKeys: generateKeyPair(),
      checkPeer: () => undefined,
    });
    await started;

    const reused = await LineClient.connect(port);
    expect(await reused.request('hello', { from: 'alice', token, e2e: E2E_VERSION })).toEqual({
      status: 401,
      body: StandardMessage.invalidToken,
    });
    await reused.closed;

    const stranger = await LineClient.connect(port);
    expect(await stranger.request('hello', { from: 'mallory', token: 'not-a-token' })).toEqual({
      status: 401,
      body: StandardMessage.invalidToken,
    });
    await stranger.closed;

    const other = await LineClient.connect(port);
    expect((await other.request('private', { id: 'x', text: 'hi', ts: 1 })).status).toBe(401);
    await other.closed;

    // Unreadable frames are answered like the server answers them.
    const sloppy = await LineClient.connect(port);
    sloppy.sendRaw('not a frame\n');
    expect((await sloppy.next()).kind).toBe('response');
    expect(sloppy.frames).toEqual([]);
    expect(await sloppy.request('hello', { from: 'alice' })).toMatchObject({ status: 400 });
    sloppy.sendRaw(`[hello] "${'x'.repeat(MAX_FRAME_BYTES)}"\n`);
    expect(await sloppy.next()).toEqual({
      kind: 'response',
      status: 413,
      body: StandardMessage.frameTooLarge,
    });
    await sloppy.closed;

    const silent = await LineClient.connect(port);
    await silent.closed; // dropped after HELLO_TIMEOUT_MS

    // None of that disturbed the open chat.
    const atBob = nextEvent(bob, 'message');
    expect(await chat.request('private', { id: 'p1', text: 'still here', ts: 1 })).toMatchObject({
      status: 200,
      body: {},
    });
    expect((await atBob).message).toMatchObject({ kind: 'private', from: 'alice', text: 'still here' });
    chat.destroy();
    alice.close();
  });

  it('reports a peer whose connection dies mid-chat', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await openChat(alice, bob);
    const aliceEnded = nextEvent(alice, 'private-ended');
    // The hard way out: bob's process is gone, his sockets close without a word.
    await crash(bob);
    expect(await aliceEnded).toMatchObject({ user: 'bob', by: 'network' });
    expect(alice.privateChats).toEqual([]);
  });

  it('ends private chats on logout, telling the peer why', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await openChat(alice, bob);
    const bobEnded = nextEvent(bob, 'private-ended');
    await alice.logout();
    expect(await bobEnded).toEqual({ user: 'alice', by: 'peer', reason: 'logout' });
    expect(alice.privateChats).toEqual([]);
  });

  it('ends private chats when the server logs the user out for inactivity', async () => {
    await fx.restartWith({ inactivityTimeoutMs: 2000 });
    const alice = await user('alice');
    // Only bob idles: alice keeps asking the server something, which counts as activity.
    const keepAlive = setInterval(() => void alice.whoelse().catch(() => undefined), 200);
    try {
      const bob = await user('bob');
      await openChat(alice, bob);
      const aliceEnded = nextEvent(alice, 'private-ended');
      const bobEnded = nextEvent(bob, 'private-ended');
      expect((await nextEvent(bob, 'disconnected')).reason).toBe('timeout');
      expect(await bobEnded).toEqual({ user: 'alice', by: 'me', reason: 'timeout' });
      expect(await aliceEnded).toEqual({ user: 'bob', by: 'peer', reason: 'timeout' });
      expect(alice.state).toBe('logged-in');
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('keeps a private chat going after the server stops', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await openChat(alice, bob);
    const aliceGone = nextEvent(alice, 'disconnected');
    const bobGone = nextEvent(bob, 'disconnected');
    await fx.server.stop();
    expect((await aliceGone).reason).toBe('shutdown');
    expect((await bobGone).reason).toBe('shutdown');

    const atBob = nextEvent(bob, 'message');
    await alice.sendPrivate('bob', 'server is gone');
    expect((await atBob).message.text).toBe('server is gone');
    const atAlice = nextEvent(alice, 'message');
    await bob.sendPrivate('alice', 'we carry on');
    expect((await atAlice).message.text).toBe('we carry on');

    const aliceEnded = nextEvent(alice, 'private-ended');
    await bob.logout();
    expect(await aliceEnded).toEqual({ user: 'bob', by: 'peer', reason: 'logout' });
  });
});
