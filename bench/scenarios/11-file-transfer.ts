/**
 * Scenario 11: a file between two ParleyClients in an encrypted private chat on loopback (Noise,
 * base64 chunks, receiver-paced, hashed and written to disk), against the raw floor measured in
 * the same run: `cat FILE | nc` when netcat is installed, else a Node socket pipe from the file to
 * a file. Then a resume: the chat is cut at half way, reopened, and the file offered again.
 * Both clients run in the benchmark's own process (unpinned), the server in its pinned one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileTransferInfo } from '../../src-shared/api/files.js';
import { ParleyClient } from '../../src-main/client/parley-client.js';
import { hashFile } from '../../src-main/client/files/partial-file.js';
import { CuttableRelay } from '../../tests/helpers/cuttable-relay.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { errorNote, fmt, PASSWORD, unavailable, type Context, type ScenarioResult } from './scenario.js';

const MiB = 1024 * 1024;

export async function fileTransfer(ctx: Context): Promise<ScenarioResult> {
  const size = ctx.quick ? 8 * MiB : 1024 * MiB;
  const dir = await mkdtemp(join(tmpdir(), 'parley-bench-s11-'));
  const notes: string[] = [
    `${fmt(size / MiB)} MiB of random bytes in ${tmpdir()}; the machine is shared and loaded: figures are indicative`,
  ];
  const raw: Record<string, unknown> = {};
  let parley: number | string = unavailable('parley') ?? '';
  let floor: number | string = '';
  let resentShare: number | string = '';
  try {
    const file = join(dir, 'payload.bin');
    await writeRandom(file, size);
    const sha256 = await hashFile(file);
    const nc = hasNetcat();
    notes.push(
      nc
        ? 'floor: cat FILE | nc over loopback into a file'
        : 'floor: netcat is not installed here, so a Node socket pipe (file → loopback TCP → file) is the raw floor',
    );
    try {
      floor = await (nc
        ? netcatFloor(file, join(dir, 'floor.out'))
        : nodeFloor(file, join(dir, 'floor.out')));
      floor = size / MiB / floor;
    } catch (error) {
      floor = errorNote(error);
    }
    await rm(join(dir, 'floor.out'), { force: true });
    if (parley === '') {
      try {
        await ctx.withTarget('parley', {}, async (target) => {
          const prefix = ctx.prefix();
          const seconds = await encryptedTransfer(ctx, target, prefix, dir, file, sha256);
          parley = size / MiB / seconds;
          raw['transferSeconds'] = seconds;
          const resume = await resumeAfterCut(ctx, target, prefix, dir, file, size);
          resentShare = resume.resent / size;
          raw['resume'] = resume;
        });
      } catch (error) {
        const note = errorNote(error);
        if (typeof parley !== 'number') parley = note;
        if (typeof resentShare !== 'number') resentShare = note;
        ctx.log(`    ${note}`);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const cell = (v: number | string) => (typeof v === 'number' ? { value: v } : { note: v || 'not run' });
  const label = `${fmt(size / MiB)} MiB`;
  const ratio = typeof parley === 'number' && typeof floor === 'number' ? parley / floor : undefined;
  return {
    id: 11,
    title: 'File transfer in an encrypted private chat',
    rows: [
      {
        label,
        metric: 'throughput (encrypted, hashed, written)',
        unit: 'MiB/s',
        higherIsBetter: true,
        cells: { parley: cell(parley), floor: cell(floor) },
      },
      {
        label: `${label}, cut at 50 %`,
        metric: 'share sent again on resume',
        unit: '%',
        higherIsBetter: false,
        cells: { parley: cell(typeof resentShare === 'number' ? resentShare * 100 : resentShare) },
      },
    ],
    goals: [
      {
        description: 'S11: at least 200 MiB/s on one core',
        measured: typeof parley === 'number' ? `${fmt(parley, 1)} MiB/s` : parley,
        met: typeof parley === 'number' ? parley >= 200 : undefined,
      },
      {
        description: 'S11: at least 0.5× the raw floor over the same loopback',
        measured: ratio === undefined ? 'n/a' : `${fmt(ratio, 2)}×`,
        met: ratio === undefined ? undefined : ratio >= 0.5,
      },
      {
        description: 'S11: resume after a kill at 50 % sends no more than 51 % again',
        measured: typeof resentShare === 'number' ? `${fmt(resentShare * 100, 1)} %` : resentShare,
        met: typeof resentShare === 'number' ? resentShare <= 0.51 : undefined,
      },
    ],
    raw,
    notes,
  };
}

async function writeRandom(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < size;) {
      const chunk = randomBytes(Math.min(4 * MiB, size - written));
      await handle.write(chunk);
      written += chunk.length;
    }
  } finally {
    await handle.close();
  }
}

function hasNetcat(): boolean {
  return spawnSync('sh', ['-c', 'command -v nc'], { stdio: 'ignore' }).status === 0;
}

/** Seconds for `nc -l` (writing a file) to receive `cat FILE | nc -N`. */
async function netcatFloor(file: string, out: string): Promise<number> {
  const port = await freePort();
  const listener = spawn('sh', ['-c', `nc -l 127.0.0.1 ${port} > '${out}'`], { stdio: 'ignore' });
  await waitListening(port);
  const t0 = performance.now();
  const sender = spawn('sh', ['-c', `cat '${file}' | nc -N 127.0.0.1 ${port}`], { stdio: 'ignore' });
  await Promise.all([once(sender, 'exit'), once(listener, 'exit')]);
  return (performance.now() - t0) / 1000;
}

/** Seconds for a file piped through a loopback socket into another file, in this process. */
async function nodeFloor(file: string, out: string): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const received = new Promise<void>((resolve, reject) => {
    server.once('connection', (socket) => {
      pipeline(socket, createWriteStream(out)).then(resolve, reject);
    });
  });
  const t0 = performance.now();
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  await Promise.all([pipeline(createReadStream(file), socket), received]);
  server.close();
  return (performance.now() - t0) / 1000;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  server.close();
  return port;
}

async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        // A probe connection would be the file's receiver: only ask whether the port is bound.
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('nc did not listen');
}

interface Pair {
  readonly alice: ParleyClient;
  readonly bob: ParleyClient;
}

async function pair(
  server: { host: string; port: number },
  names: [string, string],
  dir: string,
  alicePort = server.port,
): Promise<Pair> {
  const make = async (name: string, port: number): Promise<ParleyClient> => {
    const client = new ParleyClient({
      host: server.host,
      port,
      reconnect: false,
      files: { downloadsFolder: join(dir, name, 'downloads'), partialFolder: join(dir, name, 'partial') },
    });
    await mkdir(join(dir, name), { recursive: true });
    await client.register(name, PASSWORD);
    await client.login(name, PASSWORD);
    return client;
  };
  const alice = await make(names[0], alicePort);
  const bob = await make(names[1], server.port);
  await openChat(alice, bob, names);
  return { alice, bob };
}

async function openChat(alice: ParleyClient, bob: ParleyClient, names: [string, string]): Promise<void> {
  const request = nextEvent(bob, 'private-request', () => true, 30_000);
  const started = [
    nextEvent(alice, 'private-started', () => true, 30_000),
    nextEvent(bob, 'private-started', () => true, 30_000),
  ];
  await alice.startPrivate(names[1]);
  await bob.answerPrivate((await request).requestId, true);
  await Promise.all(started);
}

function until(
  client: ParleyClient,
  id: string,
  match: (t: FileTransferInfo) => boolean,
  timeoutMs: number,
): Promise<FileTransferInfo> {
  return nextEvent(
    client,
    'file-update',
    ({ transfer }) => transfer.id === id && match(transfer),
    timeoutMs,
  ).then(({ transfer }) => transfer);
}

/** Seconds from Accept to the sender hearing `[filereceived]` (hash matched, file in place). */
async function encryptedTransfer(
  ctx: Context,
  target: { host: string; port: number },
  prefix: string,
  dir: string,
  file: string,
  sha256: string,
): Promise<number> {
  const { alice, bob } = await pair(target, [`${prefix}a`, `${prefix}b`], dir);
  try {
    const timeout = ctx.quick ? 60_000 : 600_000;
    const offered = nextEvent(bob, 'file-offer', () => true, timeout);
    const sent = await alice.sendFile(`${prefix}b`, file);
    const { transfer } = await offered;
    const done = until(alice, sent.id, (t) => t.state === 'done' || t.state === 'failed', timeout);
    const t0 = performance.now();
    await bob.acceptFile(transfer.id);
    const outcome = await done;
    const seconds = (performance.now() - t0) / 1000;
    if (outcome.state !== 'done') throw new Error(`transfer ${outcome.state}: ${outcome.reason ?? ''}`);
    const saved = bob.files().find((t) => t.id === transfer.id)?.path ?? '';
    if ((await hashFile(saved)) !== sha256) throw new Error('the received file has another hash');
    await rm(saved, { force: true });
    ctx.log(`  parley: ${fmt((await stat(file)).size / MiB)} MiB in ${fmt(seconds, 2)} s`);
    return seconds;
  } finally {
    await Promise.all([alice.disconnect(), bob.disconnect()]);
  }
}

/** Cuts the chat once half the file is on the receiver's disk; offers it again in a new chat. */
async function resumeAfterCut(
  ctx: Context,
  target: { host: string; port: number },
  prefix: string,
  dir: string,
  file: string,
  size: number,
): Promise<{ keptAtCut: number; resent: number; carriedAgain: number }> {
  const relay = await CuttableRelay.start(target);
  const names: [string, string] = [`${prefix}c`, `${prefix}d`];
  const { alice, bob } = await pair(target, names, dir, relay.port);
  const timeout = ctx.quick ? 60_000 : 600_000;
  try {
    const offered = nextEvent(bob, 'file-offer', () => true, timeout);
    const first = await alice.sendFile(names[1], file);
    const { transfer } = await offered;
    const half = until(bob, transfer.id, (t) => t.bytes >= size / 2, timeout);
    const cut = until(bob, transfer.id, (t) => t.state === 'interrupted', timeout);
    const ended = nextEvent(alice, 'private-ended', () => true, timeout);
    await bob.acceptFile(transfer.id);
    await half;
    relay.cut();
    const interrupted = await cut;
    await ended;
    await openChat(alice, bob, names);
    const reoffered = nextEvent(bob, 'file-offer', () => true, timeout);
    const second = await alice.retryFile(first.id);
    const { transfer: again } = await reoffered;
    const sending = until(alice, second.id, (t) => t.state === 'sending', timeout);
    const done = until(alice, second.id, (t) => t.state === 'done' || t.state === 'failed', timeout);
    await bob.acceptFile(again.id);
    const offset = (await sending).bytes;
    const outcome = await done;
    if (outcome.state !== 'done')
      throw new Error(`resumed transfer ${outcome.state}: ${outcome.reason ?? ''}`);
    const resent = size - offset;
    ctx.log(
      `  resume: cut with ${fmt(interrupted.bytes / MiB, 1)} MiB kept, ${fmt(resent / MiB, 1)} MiB sent again`,
    );
    return { keptAtCut: interrupted.bytes, resent, carriedAgain: relay.carried[1] ?? 0 };
  } finally {
    await Promise.all([alice.disconnect(), bob.disconnect()]);
    relay.close();
  }
}
