import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeRoute } from '../../../src-shared/protocol/index.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { FrameChannel } from '../frame-channel.js';
import { fileLinkOver, takeFileFrame } from './file-link.js';
import { FileTransfers, type TransferInfo } from './file-transfers.js';
import { partialPath } from './partial-file.js';

const MiB = 1024 * 1024;

interface Side {
  readonly channel: FrameChannel;
  readonly transfers: FileTransfers;
  readonly downloads: string;
  readonly partials: string;
}

let root: string;
let server: Server;
let sockets: Socket[];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-files-'));
  sockets = [];
  server = createServer((socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  server.close();
  await rm(root, { recursive: true, force: true });
});

/** Two ends of one real TCP connection, each with its own transfers, downloads and partial folders. */
async function connectPair(options: { maxBytes?: number } = {}): Promise<{ alice: Side; bob: Side }> {
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const dialled = connect(address.port, '127.0.0.1');
  sockets.push(dialled);
  await once(dialled, 'connect');
  const [answered] = await accepted;
  const side = (socket: Socket, me: string, peer: string): Side => {
    const channel = new FrameChannel(socket);
    const downloads = join(root, me, 'Downloads');
    const partials = join(root, me, 'profile', 'partial-files');
    const transfers = new FileTransfers({
      peer,
      link: fileLinkOver(channel),
      downloadsFolder: () => downloads,
      partialFolder: partials,
      maxBytes: () => options.maxBytes ?? 2 * 1024 * MiB,
    });
    channel.setRouteHandler((frame) => takeFileFrame(transfers, frame));
    channel.on('close', () => transfers.connectionLost());
    return { channel, transfers, downloads, partials };
  };
  return { alice: side(dialled, 'alice', 'bob'), bob: side(answered, 'bob', 'alice') };
}

async function fileOf(bytes: number, name = 'data.bin'): Promise<{ path: string; sha256: string }> {
  const content = randomBytes(bytes);
  const path = join(root, 'outbox', name);
  await mkdir(join(root, 'outbox'), { recursive: true });
  await writeFile(path, content);
  return { path, sha256: createHash('sha256').update(content).digest('hex') };
}

const FINAL_STATES = ['done', 'failed', 'rejected', 'cancelled', 'interrupted'];

/** The transfer's final state: already reached (a small file may finish before anyone asks), or the next. */
function settled(side: Side, id: string): Promise<TransferInfo> {
  const now = side.transfers.list().find((t) => t.id === id && FINAL_STATES.includes(t.state));
  if (now) return Promise.resolve(now);
  return nextEvent(side.transfers, 'update', (t) => t.id === id && FINAL_STATES.includes(t.state), 60_000);
}

describe('file transfer in a private chat', () => {
  it('sends a file that arrives whole, hash-checked, in the downloads folder', async () => {
    const { alice, bob } = await connectPair();
    const file = await fileOf(5 * MiB + 123, 'holiday photos.zip');
    const offered = nextEvent(bob.transfers, 'offer');
    const sent = await alice.transfers.send(file.path);
    const offer = await offered;
    expect(offer).toMatchObject({
      name: 'holiday photos.zip',
      size: 5 * MiB + 123,
      sha256: file.sha256,
      direction: 'in',
    });
    const received = settled(bob, offer.id);
    const confirmed = settled(alice, sent.id);
    await bob.transfers.accept(offer.id);
    const done = await received;
    expect(done.state).toBe('done');
    expect(done.path).toBe(join(bob.downloads, 'holiday photos.zip'));
    expect(
      createHash('sha256')
        .update(await readFile(join(bob.downloads, 'holiday photos.zip')))
        .digest('hex'),
    ).toBe(file.sha256);
    expect((await confirmed).state).toBe('done');
    expect(await readdir(bob.partials)).toEqual([]);
  });

  it('never overwrites a file and never follows a symlink planted under the name', async () => {
    const { alice, bob } = await connectPair();
    await mkdir(bob.downloads, { recursive: true });
    await writeFile(join(bob.downloads, 'notes.txt'), 'mine');
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'do not touch');
    await symlink(victim, join(bob.downloads, 'notes (1).txt'));
    const file = await fileOf(1000, 'notes.txt');
    const offered = nextEvent(bob.transfers, 'offer');
    await alice.transfers.send(file.path);
    const offer = await offered;
    const received = settled(bob, offer.id);
    await bob.transfers.accept(offer.id);
    expect((await received).path).toBe(join(bob.downloads, 'notes (2).txt'));
    expect(await readFile(join(bob.downloads, 'notes.txt'), 'utf8')).toBe('mine');
    expect(await readFile(victim, 'utf8')).toBe('do not touch');
    expect(await readlink(join(bob.downloads, 'notes (1).txt'))).toBe(victim);
  });

  it('refuses to write through a symlink planted at the partial file', async () => {
    const { alice, bob } = await connectPair();
    const file = await fileOf(4096);
    const victim = join(root, 'victim.txt');
    await writeFile(victim, 'do not touch');
    await mkdir(bob.partials, { recursive: true });
    await symlink(victim, partialPath(bob.partials, { peer: 'alice', size: 4096, sha256: file.sha256 }));
    const offered = nextEvent(bob.transfers, 'offer');
    await alice.transfers.send(file.path);
    const offer = await offered;
    await expect(bob.transfers.accept(offer.id)).rejects.toThrow(/ELOOP|symbolic/u);
    expect(await readFile(victim, 'utf8')).toBe('do not touch');
  });

  it('keeps a hostile name inside the downloads folder', async () => {
    const { alice, bob } = await connectPair();
    const file = await fileOf(10, 'x');
    const offered = nextEvent(bob.transfers, 'offer');
    alice.channel.socket.write(
      encodeRoute('fileoffer', { id: 'evil1', name: '../../x\u202Egpj.exe', size: 10, sha256: file.sha256 }),
    );
    const offer = await offered;
    expect(offer.name).toBe('xgpj.exe');
  });

  it('resumes after a dropped connection from the bytes already on disk', async () => {
    const first = await connectPair();
    const size = 8 * MiB;
    const file = await fileOf(size);
    const offered = nextEvent(first.bob.transfers, 'offer');
    await first.alice.transfers.send(file.path);
    const offer = await offered;
    const halfway = nextEvent(first.bob.transfers, 'update', (t) => t.bytes >= size / 2, 60_000);
    const interrupted = settled(first.bob, offer.id);
    await first.bob.transfers.accept(offer.id);
    await halfway;
    first.alice.channel.destroy();
    expect((await interrupted).state).toBe('interrupted');

    // The same two people in a new chat: a new connection, the same profiles and folders.
    const { alice, bob } = await connectPair();
    let resent = 0;
    bob.channel.socket.on('data', (chunk: Buffer) => (resent += chunk.length));
    const reoffered = nextEvent(bob.transfers, 'offer');
    const sent = await alice.transfers.send(file.path);
    const again = await reoffered;
    const kept = again.resumableBytes ?? 0;
    expect(kept).toBeGreaterThanOrEqual(size / 2);
    expect(kept).toBeLessThan(size);
    const received = settled(bob, again.id);
    const confirmed = settled(alice, sent.id);
    const accepted = await bob.transfers.accept(again.id);
    expect(accepted.bytes).toBe(kept);
    expect((await received).state).toBe('done');
    expect((await confirmed).state).toBe('done');
    const content = await readFile(join(bob.downloads, 'data.bin'));
    expect(createHash('sha256').update(content).digest('hex')).toBe(file.sha256);
    // Base64 makes 4 bytes of 3, JSON and the frames add a little: only what was missing comes again.
    expect(resent).toBeLessThan(((size - kept) * 4) / 3 + 64 * 1024);
  });

  it('lets either side cancel, and throws the receiver’s partial bytes away', async () => {
    const { alice, bob } = await connectPair();
    const file = await fileOf(16 * MiB);
    const offered = nextEvent(bob.transfers, 'offer');
    const sent = await alice.transfers.send(file.path);
    const offer = await offered;
    const started = nextEvent(bob.transfers, 'update', (t) => t.bytes > 0);
    const senderSees = settled(alice, sent.id);
    await bob.transfers.accept(offer.id);
    await started;
    bob.transfers.cancel(offer.id);
    expect(await senderSees).toMatchObject({ state: 'cancelled', reason: 'bob cancelled' });

    const offered2 = nextEvent(bob.transfers, 'offer');
    const sent2 = await alice.transfers.send(file.path);
    const offer2 = await offered2;
    const started2 = nextEvent(bob.transfers, 'update', (t) => t.id === offer2.id && t.bytes > 0);
    const receiverSees = settled(bob, offer2.id);
    await bob.transfers.accept(offer2.id);
    await started2;
    alice.transfers.cancel(sent2.id);
    expect(await receiverSees).toMatchObject({ state: 'cancelled', reason: 'alice cancelled' });
    await expect.poll(async () => readdir(bob.partials)).toEqual([]);
  });

  it('declines at once what is over the size limit or the free space, and says why', async () => {
    const { alice, bob } = await connectPair({ maxBytes: 1000 });
    const file = await fileOf(2000);
    const sent = await alice.transfers.send(file.path);
    expect(await settled(alice, sent.id)).toMatchObject({
      state: 'rejected',
      reason: "larger than the receiver's limit of 1000 bytes",
    });

    const roomy = await connectPair({ maxBytes: Number.MAX_SAFE_INTEGER });
    const offered = nextEvent(roomy.bob.transfers, 'offer');
    roomy.alice.channel.socket.write(
      encodeRoute('fileoffer', { id: 'huge', name: 'huge.iso', size: 2 ** 52, sha256: file.sha256 }),
    );
    await offered;
    const answered = nextEvent(roomy.bob.transfers, 'update', (t) => t.id === 'huge');
    await roomy.bob.transfers.accept('huge');
    expect(await answered).toMatchObject({
      state: 'rejected',
      reason: 'not enough free space on the receiver',
    });
    void bob;
  });

  it('lets the receiver decline', async () => {
    const { alice, bob } = await connectPair();
    const file = await fileOf(100);
    const offered = nextEvent(bob.transfers, 'offer');
    const sent = await alice.transfers.send(file.path);
    bob.transfers.reject((await offered).id);
    expect(await settled(alice, sent.id)).toMatchObject({ state: 'rejected', reason: 'declined' });
  });

  it('runs several transfers at once, both ways', async () => {
    const { alice, bob } = await connectPair();
    const files = await Promise.all([
      fileOf(3 * MiB, 'a.bin'),
      fileOf(2 * MiB, 'b.bin'),
      fileOf(1 * MiB, 'c.bin'),
    ]);
    for (const side of [alice, bob]) {
      side.transfers.on('offer', (offer) => void side.transfers.accept(offer.id));
    }
    const sends = await Promise.all([
      alice.transfers.send(files[0].path),
      bob.transfers.send(files[1].path),
      alice.transfers.send(files[2].path),
    ]);
    const results = await Promise.all(sends.map((t, i) => settled(i === 1 ? bob : alice, t.id)));
    expect(results.map((r) => r.state)).toEqual(['done', 'done', 'done']);
    for (const [dir, name, file] of [
      [bob.downloads, 'a.bin', files[0]],
      [alice.downloads, 'b.bin', files[1]],
      [bob.downloads, 'c.bin', files[2]],
    ] as const) {
      expect(
        createHash('sha256')
          .update(await readFile(join(dir, name)))
          .digest('hex'),
      ).toBe(file.sha256);
    }
  });
});

describe('a receiver facing a hostile sender', () => {
  async function offeredTo(
    size = 100_000,
  ): Promise<{ bob: Side; raw: Socket; lines: string[]; sha256: string }> {
    const { alice, bob } = await connectPair();
    const lines: string[] = [];
    alice.channel.setRouteHandler((frame) => lines.push(`${frame.route} ${JSON.stringify(frame.body)}`));
    const sha256 = createHash('sha256').update(Buffer.alloc(size)).digest('hex');
    const offered = nextEvent(bob.transfers, 'offer');
    alice.channel.socket.write(encodeRoute('fileoffer', { id: 'f1', name: 'f.bin', size, sha256 }));
    await offered;
    await bob.transfers.accept('f1');
    return { bob, raw: alice.channel.socket, lines, sha256 };
  }

  const chunk = (offset: number, bytes: number, id = 'f1'): string =>
    encodeRoute('filechunk', { id, offset, data: Buffer.alloc(bytes).toString('base64') });

  it.each([
    ['a wrong offset', [chunk(10, 10)], /chunk at 10, expected 0/u],
    [
      'bytes beyond the size',
      [chunk(0, 30000), chunk(30000, 30000), chunk(60000, 30000), chunk(90000, 20000)],
      /more bytes than offered/u,
    ],
    [
      'done before the last byte',
      [chunk(0, 10), encodeRoute('filedone', { id: 'f1' })],
      /done after 10 of 100000 bytes/u,
    ],
  ])('aborts on %s', async (_what, frames, reason) => {
    const { bob, raw } = await offeredTo();
    const failed = settled(bob, 'f1');
    for (const frame of frames) raw.write(frame);
    expect(await failed).toMatchObject({ state: 'failed', reason: expect.stringMatching(reason) as unknown });
  });

  it('aborts on bytes beyond the credit granted', async () => {
    const { bob, raw } = await offeredTo(4 * MiB);
    const failed = settled(bob, 'f1');
    // Written in one go, the sender's frames outrun the receiver's grants.
    let frames = '';
    for (let offset = 0; offset < 2 * MiB; offset += 32 * 1024) frames += chunk(offset, 32 * 1024);
    raw.write(frames);
    expect(await failed).toMatchObject({ state: 'failed', reason: 'more bytes than granted' });
  });

  it('answers a chunk of an unknown transfer with a failure', async () => {
    const { raw, lines } = await offeredTo();
    raw.write(chunk(0, 10, 'nosuch'));
    await expect.poll(() => lines.find((l) => l.startsWith('filefailed'))).toContain('unknown transfer');
  });

  it('keeps nothing that does not match the hash', async () => {
    const { bob, raw, lines } = await offeredTo(10);
    const failed = settled(bob, 'f1');
    raw.write(
      encodeRoute('filechunk', { id: 'f1', offset: 0, data: Buffer.from('0123456789').toString('base64') }),
    );
    raw.write(encodeRoute('filedone', { id: 'f1' }));
    expect(await failed).toMatchObject({ state: 'failed', reason: 'the file does not match its hash' });
    await expect.poll(() => lines.some((l) => l.startsWith('filefailed'))).toBe(true);
    expect(await readdir(bob.downloads)).toEqual([]);
    expect(await readdir(bob.partials)).toEqual([]);
  });
});
