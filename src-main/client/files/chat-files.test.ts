/**
 * Files through ParleyClients, a real server and an encrypted private chat: a 20 MiB file arrives
 * with its hash; a chat cut mid-way keeps the partial file, and the same file offered in the next
 * chat resumes where the bytes end, sending about what was missing and no more.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileTransferInfo } from '../../../src-shared/api/files.js';
import { useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { CuttableRelay } from '../../../tests/helpers/cuttable-relay.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import type { ParleyClient } from '../parley-client.js';

const MiB = 1024 * 1024;
const fx = useClientFixture();
let root: string;
let relay: CuttableRelay | undefined;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-chat-files-'));
});
afterEach(async () => {
  relay?.close();
  relay = undefined;
  await rm(root, { recursive: true, force: true });
});

function filesOf(name: string): { downloadsFolder: string; partialFolder: string } {
  return { downloadsFolder: join(root, name, 'Downloads'), partialFolder: join(root, name, 'partial') };
}

/** alice reaches the server (and so bob) through the relay; bob directly. */
async function aliceAndBob(): Promise<{ alice: ParleyClient; bob: ParleyClient; relay: CuttableRelay }> {
  relay = await CuttableRelay.start({ host: fx.server.host, port: fx.server.port });
  const alice = await fx.user('alice', { port: relay.port, files: filesOf('alice') });
  const bob = await fx.user('bob', { files: filesOf('bob') });
  return { alice, bob, relay };
}

async function openChat(alice: ParleyClient, bob: ParleyClient): Promise<void> {
  const request = nextEvent(bob, 'private-request');
  const started = [nextEvent(alice, 'private-started'), nextEvent(bob, 'private-started')];
  await alice.startPrivate('bob');
  await bob.answerPrivate((await request).requestId, true);
  await Promise.all(started);
}

async function fileOf(bytes: number, name: string): Promise<{ path: string; sha256: string }> {
  const content = randomBytes(bytes);
  await mkdir(join(root, 'outbox'), { recursive: true });
  const path = join(root, 'outbox', name);
  await writeFile(path, content);
  return { path, sha256: createHash('sha256').update(content).digest('hex') };
}

function updateOf(
  client: ParleyClient,
  id: string,
  match: (t: FileTransferInfo) => boolean,
  timeoutMs = 60_000,
): Promise<FileTransferInfo> {
  return nextEvent(
    client,
    'file-update',
    ({ transfer }) => transfer.id === id && match(transfer),
    timeoutMs,
  ).then(({ transfer }) => transfer);
}

describe('files in an encrypted private chat', () => {
  it('a 20 MiB file arrives with the same hash, and the chat goes on', async () => {
    const { alice, bob } = await aliceAndBob();
    await openChat(alice, bob);
    const file = await fileOf(20 * MiB, 'twenty.bin');
    const offered = nextEvent(bob, 'file-offer');
    const sent = await alice.sendFile('bob', file.path);
    const { transfer: offer } = await offered;
    expect(offer).toMatchObject({ id: sent.id, name: 'twenty.bin', size: 20 * MiB, sha256: file.sha256 });
    const arrived = updateOf(bob, offer.id, (t) => t.state === 'done');
    const confirmed = updateOf(alice, sent.id, (t) => t.state === 'done');
    await bob.acceptFile(offer.id);
    const done = await arrived;
    await confirmed;
    expect(done.path).toBe(join(filesOf('bob').downloadsFolder, 'twenty.bin'));
    const bytes = await readFile(done.path ?? '');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    expect(bob.files().find((t) => t.id === offer.id)?.state).toBe('done');
    // File frames got no [200] of their own: the next private message is acknowledged as usual.
    const text = nextEvent(bob, 'message');
    await alice.sendPrivate('bob', 'did it arrive?');
    expect((await text).message.text).toBe('did it arrive?');
  });

  it('a chat cut mid-way keeps the partial file; resent in a new chat it resumes', async () => {
    const { alice, bob, relay } = await aliceAndBob();
    await openChat(alice, bob);
    const size = 20 * MiB;
    const file = await fileOf(size, 'resume.bin');
    const offered = nextEvent(bob, 'file-offer');
    const first = await alice.sendFile('bob', file.path);
    const { transfer: offer } = await offered;
    const midway = updateOf(bob, offer.id, (t) => t.bytes >= 6 * MiB);
    const cutAtBob = updateOf(bob, offer.id, (t) => t.state === 'interrupted');
    const cutAtAlice = updateOf(alice, first.id, (t) => t.state === 'interrupted');
    const ended = [nextEvent(alice, 'private-ended'), nextEvent(bob, 'private-ended')];
    await bob.acceptFile(offer.id);
    await midway;
    relay.cut();
    await Promise.all(ended);
    const interrupted = await cutAtBob;
    await cutAtAlice;
    const partials = await readdir(filesOf('bob').partialFolder);
    expect(partials).toHaveLength(1);
    const kept = (await stat(join(filesOf('bob').partialFolder, partials[0] ?? ''))).size;
    expect(kept).toBeGreaterThanOrEqual(6 * MiB);
    expect(kept).toBeLessThan(size);
    expect(interrupted.bytes).toBe(kept);

    await openChat(alice, bob);
    const reoffered = nextEvent(bob, 'file-offer');
    const second = await alice.retryFile(first.id);
    const { transfer: again } = await reoffered;
    expect(again.resumableBytes).toBe(kept);
    const sending = updateOf(alice, second.id, (t) => t.state === 'sending');
    const arrived = updateOf(bob, again.id, (t) => t.state === 'done');
    await bob.acceptFile(again.id);
    expect((await sending).bytes).toBe(kept);
    const done = await arrived;
    const bytes = await readFile(done.path ?? '');
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
    // The second connection carried the missing bytes (base64 in Noise messages: 4/3 and a little
    // more), not the whole file again.
    const missing = size - kept;
    const carried = relay.carried[1] ?? 0;
    expect(carried).toBeGreaterThan(missing);
    expect(carried).toBeLessThan(missing * 1.45 + 64 * 1024);
    expect(await readdir(filesOf('bob').partialFolder)).toEqual([]);
  });

  it('a logout mid-way interrupts both sides and keeps the partial file of the receiver', async () => {
    const { alice, bob } = await aliceAndBob();
    await openChat(alice, bob);
    const file = await fileOf(20 * MiB, 'logout.bin');
    const offered = nextEvent(bob, 'file-offer');
    const sent = await alice.sendFile('bob', file.path);
    const { transfer } = await offered;
    const midway = updateOf(bob, transfer.id, (t) => t.bytes >= 2 * MiB);
    const atBob = updateOf(bob, transfer.id, (t) => t.state === 'interrupted');
    const atAlice = updateOf(alice, sent.id, (t) => t.state === 'interrupted');
    await bob.acceptFile(transfer.id);
    await midway;
    await bob.logout();
    const kept = await atBob;
    expect((await atAlice).reason).toBe('the private chat ended (logout)');
    const partials = await readdir(filesOf('bob').partialFolder);
    expect(partials).toHaveLength(1);
    expect((await stat(join(filesOf('bob').partialFolder, partials[0] ?? ''))).size).toBe(kept.bytes);
    await expect(alice.sendFile('bob', file.path)).rejects.toThrow('no private chat with bob');
  });
});
