import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HandshakeState } from './handshake-state.js';
import { frameMessage, MessageReader } from './message-reader.js';
import type { NoiseStream } from './noise-stream.js';
import { parleyPrologue, secureSocket } from './secure-socket.js';
import { generateKeyPair } from './x25519.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** Both ends of one real TCP connection on loopback. */
async function socketPair(): Promise<[Socket, Socket]> {
  const server = createServer();
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const dialled = connect(address.port, '127.0.0.1');
  await once(dialled, 'connect');
  const [inbound] = await accepted;
  return [dialled, inbound];
}

function secure(socket: Socket, initiator: boolean, prologue = parleyPrologue('alice', 'bob', 't0k3n')) {
  return secureSocket({
    socket,
    initiator,
    prologue,
    staticKeys: generateKeyPair(),
    checkPeer: () => undefined,
    timeoutMs: 10_000,
  });
}

function nextLine(stream: NoiseStream): Promise<string> {
  return new Promise((resolve) => stream.once('data', (chunk: Buffer) => resolve(chunk.toString('utf8'))));
}

/** A peer that speaks raw handshake bytes, to send what an honest client never would. */
function rawMessages(socket: Socket): () => Promise<Buffer> {
  const reader = new MessageReader();
  const queue: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    queue.push(...reader.push(chunk));
    wake?.();
  });
  return async () => {
    while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return queue.shift() ?? Buffer.alloc(0);
  };
}

// Curve25519 points of small order (Bernstein's list for X25519): each makes the shared secret zero.
const LOW_ORDER = [
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000000',
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800',
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
];

describe('the XX handshake over a socket', () => {
  it('carries lines both ways once both prologues match, and each side learns the other key', async () => {
    const [a, b] = await socketPair();
    const [alice, bob] = await Promise.all([secure(a, true), secure(b, false)]);
    const atBob = nextLine(bob);
    alice.write('[private] {"text":"hello bob"}\n');
    expect(await atBob).toBe('[private] {"text":"hello bob"}\n');
    const atAlice = nextLine(alice);
    bob.write('[200] {}\n');
    expect(await atAlice).toBe('[200] {}\n');
    expect(alice.remoteStatic).toHaveLength(32);
    alice.destroy();
  });

  it('fails on both sides when the prologues differ (another token, or names swapped)', async () => {
    for (const other of [parleyPrologue('alice', 'bob', 'other'), parleyPrologue('bob', 'alice', 't0k3n')]) {
      const [a, b] = await socketPair();
      const results = await Promise.allSettled([secure(a, true), secure(b, false, other)]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/failed to decrypt/);
    }
  });

  it('refuses an all-zero or low-order ephemeral key and closes the socket', async () => {
    for (const point of LOW_ORDER) {
      const [attacker, b] = await socketPair();
      const bob = secure(b, false);
      attacker.write(frameMessage(Buffer.from(point, 'hex')));
      await expect(bob).rejects.toThrow(/low-order/);
      await once(attacker, 'close');
    }
  });

  it('refuses a low-order static key in the third message', async () => {
    // The attacker runs an honest handshake as initiator, with a zero key as its static key: the
    // responder's se computation must abort. HandshakeState would refuse to write it, so the
    // message is built by hand from an initiator whose static public key is patched.
    const [attacker, b] = await socketPair();
    const bob = secure(b, false);
    const initiator = new HandshakeState({
      initiator: true,
      prologue: parleyPrologue('alice', 'bob', 't0k3n'),
      staticKeys: { privateKey: generateKeyPair().privateKey, publicKey: Buffer.alloc(32) },
    });
    const next = rawMessages(attacker);
    attacker.write(frameMessage(initiator.writeMessage()));
    initiator.readMessage(await next());
    attacker.write(frameMessage(initiator.writeMessage()));
    await expect(bob).rejects.toThrow(/low-order/);
  });

  it('fails a replayed handshake: a recorded first and third message do not fit a new responder', async () => {
    const prologue = parleyPrologue('alice', 'bob', 't0k3n');
    const alice = new HandshakeState({ initiator: true, prologue, staticKeys: generateKeyPair() });
    const bobKeys = generateKeyPair();
    const bob = new HandshakeState({ initiator: false, prologue, staticKeys: bobKeys });
    const first = alice.writeMessage();
    bob.readMessage(first);
    alice.readMessage(bob.writeMessage());
    const third = alice.writeMessage();
    bob.readMessage(third);

    const [attacker, b] = await socketPair();
    const replayed = secureSocket({
      socket: b,
      initiator: false,
      prologue,
      staticKeys: bobKeys,
      checkPeer: () => undefined,
      timeoutMs: 10_000,
    });
    const next = rawMessages(attacker);
    attacker.write(frameMessage(first));
    await next(); // the new responder answers with a fresh ephemeral key...
    attacker.write(frameMessage(third));
    await expect(replayed).rejects.toThrow(/failed to decrypt/); // ...so the old third message fails
  });

  it("lets the initiator refuse the responder's key before sending its own", async () => {
    const [a, b] = await socketPair();
    const bob = secure(b, false);
    const alice = secureSocket({
      socket: a,
      initiator: true,
      prologue: parleyPrologue('alice', 'bob', 't0k3n'),
      staticKeys: generateKeyPair(),
      checkPeer: () => {
        throw new Error('not the pinned key');
      },
      timeoutMs: 10_000,
    });
    await expect(alice).rejects.toThrow('not the pinned key');
    await expect(bob).rejects.toThrow(/closed the connection during the encrypted handshake/);
  });

  it('closes on a transport message that holds two lines, and refuses to send a line too large', async () => {
    const prologue = parleyPrologue('alice', 'bob', 't0k3n');
    const [attacker, b] = await socketPair();
    const bob = secure(b, false, prologue);
    const alice = new HandshakeState({ initiator: true, prologue, staticKeys: generateKeyPair() });
    const next = rawMessages(attacker);
    attacker.write(frameMessage(alice.writeMessage()));
    alice.readMessage(await next());
    attacker.write(frameMessage(alice.writeMessage()));
    const { send } = alice.split();
    const stream = await bob;
    const lines: string[] = [];
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const closed = new Promise<Error | undefined>((resolve) => stream.once('error', resolve));
    attacker.write(frameMessage(send.encryptWithAd(new Uint8Array(0), Buffer.from('[private] {}'))));
    attacker.write(frameMessage(send.encryptWithAd(new Uint8Array(0), Buffer.from('[200] {}\n[200] {}'))));
    expect(String(await closed)).toMatch(/more than one line/);
    expect(lines).toEqual(['[private] {}\n']);

    const [c, d] = await socketPair();
    const [sender] = await Promise.all([secure(c, true), secure(d, false)]);
    const failed = new Promise<Error>((resolve) => sender.once('error', resolve));
    sender.write(`${'x'.repeat(65_520)}\n`);
    expect(String(await failed)).toMatch(/too large for one encrypted message/);
  });
});
