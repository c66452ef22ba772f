import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, StandardMessage, type PushBody } from '../../src-shared/protocol/index.js';
import { LineClient } from '../../tests/helpers/line-client.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../../tests/helpers/test-server.js';
import { ParleyClient } from './parley-client.js';

const PASSWORD = 'correct horse';
// Short enough to test the drop quickly, long enough for a busy machine to send a hello.
const HELLO_TIMEOUT_MS = 1000;

let srv: TestServer;
const clients: ParleyClient[] = [];

async function restartWith(options: TestServerOptions): Promise<void> {
  await srv.dispose();
  srv = await startTestServer(options);
}

async function user(name: string): Promise<ParleyClient> {
  const client = new ParleyClient({
    host: srv.host,
    port: srv.port,
    p2p: { helloTimeoutMs: HELLO_TIMEOUT_MS, dialTimeoutMs: 5000 },
  });
  clients.push(client);
  await client.register(name, PASSWORD);
  await client.login(name, PASSWORD);
  return client;
}

/** alice asks bob, bob accepts, both sides see the chat start; returns the token bob handed out. */
async function openChat(alice: ParleyClient, bob: ParleyClient): Promise<PushBody<'privateaccepted'>> {
  const request = nextEvent(bob, 'private-request');
  const accepted = nextEvent(alice.session, 'privateaccepted');
  const aliceStarted = nextEvent(alice, 'private-started');
  const bobStarted = nextEvent(bob, 'private-started');
  const requestId = await alice.startPrivate('bob');
  const incoming = await request;
  expect(incoming).toEqual({ requestId, from: 'alice' });
  await bob.answerPrivate(requestId, true);
  expect(await aliceStarted).toEqual({ user: 'bob', initiator: true });
  expect(await bobStarted).toEqual({ user: 'alice', initiator: false });
  return accepted;
}

beforeEach(async () => {
  srv = await startTestServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await srv.dispose();
});

describe('private chats', () => {
  it('request, accept, hello, messages both ways, stop', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await user('carol');
    const accepted = await openChat(alice, bob);
    expect(accepted).toMatchObject({ user: 'bob', host: '127.0.0.1', port: bob.p2pPort });
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
    const started = nextEvent(alice, 'private-started');
    await bob.answerPrivate((await toBob).requestId, true);
    await started;
    expect([alice.privateChats, bob.privateChats]).toEqual([['bob'], ['alice']]);
  });

  it('listens on the interface that reaches the server only', async () => {
    const alice = await user('alice');
    const port = alice.p2pPort ?? 0;
    expect(port).toBeGreaterThan(0);
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal);
    if (!lan) return; // no second interface on this machine to prove the point with
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, lan.address);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
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
    await alice.startPrivate('bob');
    await request;
    expect(bob.privateRequests.map((r) => r.from)).toEqual(['alice']);
    const gone = nextEvent(bob, 'presence', (p) => p.user === 'alice' && !p.online);
    await alice.logout();
    await gone;
    expect(bob.privateRequests).toEqual([]);
  });

  it('reports a request nobody answered as timed out', async () => {
    await restartWith({ privateRequestTtlMs: 300 });
    const alice = await user('alice');
    await user('bob');
    const rejected = nextEvent(alice, 'private-rejected');
    const requestId = await alice.startPrivate('bob');
    expect(await rejected).toEqual({ requestId, user: 'bob', reason: 'timeout' });
  });

  it('refuses a stranger with a wrong or reused token, and one that says nothing', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const { token } = await openChat(alice, bob);
    const port = bob.p2pPort ?? 0;

    const reused = await LineClient.connect(port);
    expect(await reused.request('hello', { from: 'alice', token })).toEqual({
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
    await alice.sendPrivate('bob', 'still here');
    expect((await atBob).message.text).toBe('still here');
  });

  it('reports a peer whose connection dies mid-chat', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await openChat(alice, bob);
    const aliceEnded = nextEvent(alice, 'private-ended');
    // The hard way out: bob's process is gone, his sockets close without a word.
    await bob.session.close();
    destroyPeerSockets(bob);
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
    await restartWith({ inactivityTimeoutMs: 2000 });
    const alice = await user('alice');
    // Only bob idles: alice keeps telling the server she is active.
    const keepAlive = setInterval(() => void alice.session.active().catch(() => undefined), 200);
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
    await srv.stop();
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

/** Reaches into bob's open chats to cut their sockets, as a crashed process would. */
function destroyPeerSockets(client: ParleyClient): void {
  const chats = (client as unknown as { chats: { chats: Map<string, { destroy(): void }> } }).chats.chats;
  for (const chat of chats.values()) chat.destroy();
}
