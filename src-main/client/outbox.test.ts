/** The outbox against a real server that goes away and comes back: what is written meanwhile waits and goes by itself. */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/model.js';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { transcript, type Transcript } from '../../tests/helpers/transcript.js';
import type { ParleyClient } from './parley-client.js';

const fx = useClientFixture();

/** `later`: its automatic login waits a minute, so a test can let it in after someone else (reconnectNow). */
function user(
  name: string,
  { port, later = false }: { port?: number; later?: boolean } = {},
): Promise<ParleyClient> {
  const initialDelayMs = later ? 60_000 : 20;
  return fx
    .user(name, {
      reconnect: { initialDelayMs, maxDelayMs: Math.max(initialDelayMs, 200) },
      ...(port === undefined ? {} : { port }),
    })
    .then((client) => {
      transcripts.set(client, transcript(client));
      return client;
    });
}

/** What each client's UI would show, recorded from its events since it logged in. */
const transcripts = new WeakMap<ParleyClient, Transcript>();

function messagesOf(client: ParleyClient, key: string): ChatMessage[] {
  return transcripts.get(client)?.messages(key) ?? [];
}

/** Restarts the server, lets `first` log in again, then `then`. */
async function backInOrder(first: ParleyClient, then: ParleyClient): Promise<void> {
  const firstBack = nextEvent(first, 'reconnected');
  await fx.restartInPlace();
  await firstBack;
  const thenBack = nextEvent(then, 'reconnected');
  then.reconnectNow();
  await thenBack;
}

/** Resolves once `client` has emitted `count` messages from `from`, with their texts in order. */
function received(client: ParleyClient, from: string, count: number): Promise<string[]> {
  const texts: string[] = [];
  return new Promise((resolve) => {
    const off = client.on('message', ({ message }) => {
      if (message.from !== from) return;
      texts.push(message.text);
      if (texts.length === count) {
        off();
        resolve(texts);
      }
    });
  });
}

function statesOf(client: ParleyClient, key: string): [string, string][] {
  return messagesOf(client, key).map((m) => [m.text, m.state]);
}

/** Stops the server and waits until `clients` know it went. */
async function serverGone(...clients: ParleyClient[]): Promise<void> {
  const gone = Promise.all(clients.map((c) => nextEvent(c, 'disconnected')));
  await fx.server.stop();
  await gone;
}

describe('the outbox', () => {
  it('queues what is written while the server is away, and sends it by itself once back, once each, in order', async () => {
    const alice = await user('alice', { later: true });
    const bob = await user('bob');
    await serverGone(alice, bob);

    const updates: ChatMessage[] = [];
    alice.on('message-updated', ({ message }) => updates.push(message));
    const one = await alice.sendMessage('bob', 'one');
    const two = await alice.sendMessage('bob', 'two');
    const everyone = await alice.broadcast('anyone back?');
    const three = await alice.sendMessage('bob', 'three');
    // Handed over at once: the caller (a composer) can clear and go on.
    expect([one.state, two.state, everyone.message.state, three.state]).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
    expect(alice.queuedMessages.map((m) => m.text)).toEqual(['one', 'two', 'anyone back?', 'three']);
    expect(statesOf(alice, 'direct:bob')).toEqual([
      ['one', 'queued'],
      ['two', 'queued'],
      ['three', 'queued'],
    ]);

    const atBob = received(bob, 'alice', 4);
    const allSent = nextEvent(
      alice,
      'message-updated',
      (e) => e.message.text === 'three' && e.message.state === 'delivered',
    );
    await backInOrder(bob, alice);
    expect(await atBob).toEqual(['one', 'two', 'anyone back?', 'three']);
    await allSent;
    expect(statesOf(alice, 'direct:bob')).toEqual([
      ['one', 'delivered'],
      ['two', 'delivered'],
      ['three', 'delivered'],
    ]);
    expect(statesOf(alice, '#broadcast')).toEqual([['anyone back?', 'sent']]);
    expect(alice.queuedMessages).toEqual([]);
    // Each went queued -> sending -> delivered exactly once.
    const sends = updates.filter((m) => m.state === 'sending').map((m) => m.text);
    expect(sends).toEqual(['one', 'two', 'anyone back?', 'three']);

    // Nothing more comes: a marker sent now is the next thing bob sees.
    const next = received(bob, 'alice', 1);
    await alice.sendMessage('bob', 'marker');
    expect(await next).toEqual(['marker']);
  });

  it('keeps a refusal a refusal with its reason, and goes on with the rest', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    await bob.block('alice');
    await fx.registered('carol');
    await serverGone(alice, bob);

    await alice.sendMessage('nobody', 'to no one');
    await alice.sendMessage('bob', 'blocked?');
    await alice.sendMessage('carol', 'for later');
    const last = nextEvent(
      alice,
      'message-updated',
      (e) => e.message.text === 'for later' && e.message.state === 'stored',
    );
    await fx.restartInPlace();
    await last;
    expect(messagesOf(alice, 'direct:nobody')).toEqual([
      expect.objectContaining({ text: 'to no one', state: 'refused', reason: 'no such user' }),
    ]);
    expect(messagesOf(alice, 'direct:bob')).toEqual([
      expect.objectContaining({
        text: 'blocked?',
        state: 'refused',
        reason: StandardMessage.blockedByRecipient,
      }),
    ]);
    expect(statesOf(alice, 'direct:carol')).toEqual([['for later', 'stored']]);
  });

  it('lines up what is written while queued ones are going out behind them', async () => {
    const alice = await user('alice', { later: true });
    const bob = await user('bob');
    await serverGone(alice, bob);
    for (const text of ['a', 'b', 'c']) await alice.sendMessage('bob', text);

    const atBob = received(bob, 'alice', 5);
    await backInOrder(bob, alice);
    // Logged in again, the queue not yet empty: these go after a, b and c, and resolve once answered.
    const sent = await Promise.all([alice.sendMessage('bob', 'd'), alice.sendMessage('bob', 'e')]);
    expect(sent.map((m) => m.state)).toEqual(['delivered', 'delivered']);
    expect(await atBob).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('turns what waits into failed at a logout, and a retry after the next login sends it', async () => {
    const alice = await user('alice');
    await fx.registered('bob');
    await serverGone(alice);
    const queued = await alice.sendMessage('bob', 'before I left');
    const failed = nextEvent(alice, 'message-updated', (e) => e.message.state === 'failed');
    await alice.logout();
    expect((await failed).message).toMatchObject({
      id: queued.id,
      state: 'failed',
      reason: 'you logged out before the connection came back',
    });
    expect(alice.queuedMessages).toEqual([]);

    await fx.restartInPlace();
    await alice.login('alice', PASSWORD);
    const retried = await alice.retryMessage(queued.id);
    expect(retried).toMatchObject({ state: 'stored', text: 'before I left' });
    expect(statesOf(alice, 'direct:bob')).toEqual([['before I left', 'stored']]);
  });
});

/**
 * A pass-through to the real server that can cut every connection the moment the client sends a
 * `[message]`: the connection goes while the message is on its way.
 */
class CuttingProxy {
  cutOnMessage = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.pipe(client));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = connect(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (this.cutOnMessage && chunk.toString('utf8').includes('[message] ')) {
        this.cutOnMessage = false;
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

describe('the outbox, when the connection goes mid-send', () => {
  let proxy: CuttingProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
  });

  it('queues the message the connection took with it, and sends it once after logging in again', async () => {
    proxy = new CuttingProxy(fx.server);
    const port = await proxy.listen();
    const alice = await user('alice', { port });
    const bob = await user('bob');
    proxy.cutOnMessage = true;

    const atBob = received(bob, 'alice', 1);
    const sent = nextEvent(alice, 'message-updated', (e) => e.message.state === 'delivered');
    const message = await alice.sendMessage('bob', 'cut off');
    expect(message).toMatchObject({ state: 'queued', text: 'cut off' });
    expect((await sent).message.text).toBe('cut off');
    expect(await atBob).toEqual(['cut off']);
    expect(statesOf(alice, 'direct:bob')).toEqual([['cut off', 'delivered']]);
  });
});
