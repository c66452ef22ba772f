/**
 * Files through the real terminal process: an offer shown with a number, its hostile name made
 * safe, accepted into --downloads with the same hash; sendfile to a peer; files lists both.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useClientFixture } from '../../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../../tests/helpers/next-event.js';
import { useTerminalClis } from '../../../tests/helpers/terminal-cli.js';

const fx = useClientFixture();
const terminal = useTerminalClis();
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-cli-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fileOf(bytes: number, name: string): Promise<{ path: string; sha256: string }> {
  const content = randomBytes(bytes);
  await mkdir(join(root, 'outbox'), { recursive: true });
  const path = join(root, 'outbox', name);
  await writeFile(path, content);
  return { path, sha256: createHash('sha256').update(content).digest('hex') };
}

describe('terminal client, files', () => {
  it('shows an offer with a number and a safe name, accepts it, sends one, and lists both', async () => {
    const bob = await fx.user('bob', {
      files: { downloadsFolder: join(root, 'bob-downloads'), partialFolder: join(root, 'bob-partial') },
    });
    const downloads = join(root, 'alice-downloads');
    const alice = await terminal.loggedIn(fx.server, 'alice', true, ['--downloads', downloads]);
    alice.send('help');
    await alice.expect('  sendfile <user> <path>\n');
    await alice.expect('  acceptfile <number>\n  rejectfile <number>\n');

    const started = nextEvent(bob, 'private-started');
    await bob.startPrivate('alice');
    await alice.expect('bob would like to start a private chat with you. Accept? (y/n)\n');
    alice.send('y');
    await started;

    // A name that tries to reorder what is shown and to clear the screen.
    const hostile = await fileOf(3 * 1024 * 1024 + 5, 'report\u202Efdp.exe');
    const offered = await bob.sendFile('alice', hostile.path);
    await alice.expect('bob offers you a file: reportfdp.exe (3.0 MiB). Type acceptfile 1 or rejectfile 1\n');
    const confirmed = nextEvent(
      bob,
      'file-update',
      ({ transfer }) => transfer.id === offered.id && transfer.state === 'done',
    );
    alice.send('acceptfile 1');
    await alice.expect(`Received file 1 (reportfdp.exe), saved as ${join(downloads, 'reportfdp.exe')}\n`);
    await confirmed;
    const saved = await readFile(join(downloads, 'reportfdp.exe'));
    expect(createHash('sha256').update(saved).digest('hex')).toBe(hostile.sha256);
    expect(alice.printed).not.toContain('\u202E');

    const ours = await fileOf(100_000, 'notes.txt');
    const atBob = nextEvent(bob, 'file-offer');
    alice.send(`sendfile bob ${ours.path}`);
    await alice.expect('Offered file 2 (notes.txt) to bob; waiting for them to accept\n');
    const { transfer } = await atBob;
    expect(transfer).toMatchObject({ name: 'notes.txt', size: 100_000, sha256: ours.sha256 });
    await bob.acceptFile(transfer.id);
    await alice.expect('bob received file 2 (notes.txt)\n');

    alice.send('files');
    await alice.expect('Files:\n');
    await alice.expect('  1  reportfdp.exe from bob: done, 100 % of 3.0 MiB\n');
    await alice.expect('  2  notes.txt to bob: done, 100 % of 97.7 KiB\n');
    alice.send('rejectfile 9');
    await alice.expect('There is no file 9; type files for the list\n');
    alice.send(`sendfile bob ${join(root, 'missing.bin')}`);
    await alice.expect(`Error: cannot send ${join(root, 'missing.bin')}`);
  });
});
