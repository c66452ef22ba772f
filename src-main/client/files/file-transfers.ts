/**
 * The file transfers of one private chat, both ways: offers, answers, receiver-paced chunks, the
 * hash check and the move into the downloads folder. It speaks through a FileLink (the chat's
 * channel, encrypted since 1.2) and never trusts what the peer sends: names are sanitised, every
 * frame is checked against the transfer it names, and bytes go only where the receiver decided.
 */
import { randomBytes } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import {
  INITIAL_FILE_CREDIT,
  MAX_CHUNK_BYTES,
  describeIssues,
  fileFrameSchemas,
  type FileBody,
  type FileRoute,
} from '../../../src-shared/protocol/index.js';
import { TypedEmitter } from '../typed-emitter.js';
import { freeBytes, placeIntoFolder } from './download-folder.js';
import { PartialFile, hashFile, receivedBytes } from './partial-file.js';
import { decodeBase64 } from './base64.js';
import { safeFileName } from './safe-file-name.js';

/** Credit goes back to the sender in steps of this, once the bytes are on disk. */
const CREDIT_STEP = 256 * 1024;
/** The sender reads the file this much at a time (within the credit) and cuts it into chunks. */
const READ_BLOCK_BYTES = 512 * 1024;

export interface FileLink {
  send<R extends FileRoute>(route: R, body: FileBody<R>): void;
}

export interface FileTransfersOptions {
  readonly peer: string;
  readonly link: FileLink;
  /** Read at each acceptance, so a changed setting applies to the next file. */
  readonly downloadsFolder: () => string;
  /** Where partial files wait for their last byte (in the profile). */
  readonly partialFolder: string;
  /** Offers above this many bytes are declined at once. */
  readonly maxBytes: () => number;
}

export type TransferState =
  | 'offered'
  | 'waiting'
  | 'sending'
  | 'receiving'
  | 'verifying'
  | 'done'
  | 'failed'
  | 'rejected'
  | 'cancelled'
  | 'interrupted';

export interface TransferInfo {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly peer: string;
  /** For incoming files the sanitised name the file will get (before any ` (1)`). */
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
  /** Bytes sent (out) or written (in) so far. */
  readonly bytes: number;
  readonly state: TransferState;
  /** Incoming offers: bytes already here from an earlier, interrupted attempt. */
  readonly resumableBytes?: number;
  /** Where a received file was put. */
  readonly path?: string;
  readonly reason?: string;
}

export interface FileTransfersEvents {
  /** The peer offers a file: answer with accept or reject. */
  offer: TransferInfo;
  /** Any change of a transfer: state, progress (in steps), the final path. */
  update: TransferInfo;
}

const FINAL: ReadonlySet<TransferState> = new Set(['done', 'failed', 'rejected', 'cancelled', 'interrupted']);

interface Outgoing {
  info: TransferInfo;
  readonly path: string;
  handle?: FileHandle | undefined;
  credit: number;
  next: number;
  pumping: boolean;
}

interface Incoming {
  info: TransferInfo;
  partial?: PartialFile | undefined;
  /** The offset the next chunk must have (bytes received, written or queued). */
  expected: number;
  /** The highest offset the sender may reach with the credit granted so far. */
  granted: number;
  sinceGrant: number;
  writes: Promise<void>;
  /** Chunks taken and not yet written: written together, one write for all that waited. */
  queued: Buffer[];
}

export class FileTransfers extends TypedEmitter<FileTransfersEvents> {
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly incoming = new Map<string, Incoming>();

  constructor(private readonly options: FileTransfersOptions) {
    super();
  }

  list(): TransferInfo[] {
    return [...this.outgoing.values(), ...this.incoming.values()].map((t) => t.info);
  }

  /** Offers the file at `path` to the peer. */
  async send(path: string): Promise<TransferInfo> {
    const stats = await stat(path);
    if (!stats.isFile()) throw new Error(`${path} is not a file`);
    const sha256 = await hashFile(path);
    const id = randomBytes(12).toString('base64url');
    const info: TransferInfo = {
      id,
      direction: 'out',
      peer: this.options.peer,
      name: basename(path),
      size: stats.size,
      sha256,
      bytes: 0,
      state: 'waiting',
    };
    this.outgoing.set(id, { info, path, credit: 0, next: 0, pumping: false });
    this.options.link.send('fileoffer', { id, name: info.name, size: info.size, sha256 });
    this.emit('update', info);
    return info;
  }

  async accept(id: string): Promise<TransferInfo> {
    const transfer = this.incoming.get(id);
    if (!transfer || transfer.info.state !== 'offered') throw new Error('no such file offer');
    const { size, sha256 } = transfer.info;
    const refusal = await this.refusalFor(size - (transfer.info.resumableBytes ?? 0));
    if (refusal) {
      this.reject(id, refusal);
      return transfer.info;
    }
    const partial = await PartialFile.open(this.options.partialFolder, {
      peer: this.options.peer,
      size,
      sha256,
    });
    transfer.partial = partial;
    transfer.expected = partial.offset;
    transfer.granted = partial.offset + INITIAL_FILE_CREDIT;
    this.update(transfer, { state: 'receiving', bytes: partial.offset });
    this.options.link.send('fileaccept', { id, offset: partial.offset });
    if (size === 0 || partial.offset === size) transfer.granted = size;
    return transfer.info;
  }

  reject(id: string, reason = 'declined'): void {
    const transfer = this.incoming.get(id);
    if (!transfer || transfer.info.state !== 'offered') return;
    this.options.link.send('filereject', { id, reason });
    this.update(transfer, { state: 'rejected', reason });
  }

  /** Stops a transfer either way; an incoming file's partial bytes are thrown away. */
  cancel(id: string): void {
    const out = this.outgoing.get(id);
    if (out && !FINAL.has(out.info.state)) {
      this.options.link.send('filecancel', { id });
      this.finishOut(out, { state: 'cancelled', reason: 'you cancelled' });
      return;
    }
    const inc = this.incoming.get(id);
    if (inc && !FINAL.has(inc.info.state)) {
      this.options.link.send('filecancel', { id });
      this.finishIn(inc, { state: 'cancelled', reason: 'you cancelled' }, 'discard');
    }
  }

  /** The chat is gone: what was under way can be resumed in a later chat with the same peer. */
  connectionLost(reason = 'the connection was lost'): void {
    for (const out of this.outgoing.values()) {
      if (!FINAL.has(out.info.state)) this.finishOut(out, { state: 'interrupted', reason });
    }
    for (const inc of this.incoming.values()) {
      // A file being verified is complete here: it goes into place without the connection.
      if (!FINAL.has(inc.info.state) && inc.info.state !== 'verifying') {
        this.finishIn(inc, { state: 'interrupted', reason }, 'keep');
      }
    }
  }

  /** Takes one file frame from the peer; `body` is checked here against the route's schema. */
  handle(route: FileRoute, body: unknown): void {
    const parsed = fileFrameSchemas[route].safeParse(body);
    if (!parsed.success) {
      const id = idOf(body);
      if (id)
        this.options.link.send('filefailed', { id, reason: describeIssues(parsed.error).slice(0, 200) });
      return;
    }
    switch (route) {
      case 'fileoffer':
        void this.onOffer(parsed.data as FileBody<'fileoffer'>);
        break;
      case 'filechunk':
        this.onChunk(parsed.data as FileBody<'filechunk'>);
        break;
      case 'filedone':
        this.onDone(parsed.data);
        break;
      case 'fileaccept':
        this.onAccept(parsed.data as FileBody<'fileaccept'>);
        break;
      case 'filecredit':
        this.onCredit(parsed.data as FileBody<'filecredit'>);
        break;
      case 'filereject':
      case 'filefailed':
      case 'filereceived':
        this.onOutcome(route, parsed.data);
        break;
      case 'filecancel':
        this.onCancel(parsed.data);
        break;
    }
  }

  // --- receiving -------------------------------------------------------------------------

  private async onOffer(offer: FileBody<'fileoffer'>): Promise<void> {
    if (this.incoming.has(offer.id)) {
      this.options.link.send('filefailed', { id: offer.id, reason: 'that id is in use' });
      return;
    }
    const key = { peer: this.options.peer, size: offer.size, sha256: offer.sha256 };
    const transfer: Incoming = {
      info: {
        id: offer.id,
        direction: 'in',
        peer: this.options.peer,
        name: safeFileName(offer.name),
        size: offer.size,
        sha256: offer.sha256,
        bytes: 0,
        state: 'offered',
      },
      expected: 0,
      granted: 0,
      sinceGrant: 0,
      writes: Promise.resolve(),
      queued: [],
    };
    this.incoming.set(offer.id, transfer);
    if (offer.size > this.options.maxBytes()) {
      this.reject(offer.id, `larger than the receiver's limit of ${this.options.maxBytes()} bytes`);
      return;
    }
    const resumable = await receivedBytes(this.options.partialFolder, key).catch(() => 0);
    if (resumable > 0) transfer.info = { ...transfer.info, resumableBytes: resumable };
    this.emit('offer', transfer.info);
  }

  private onChunk(chunk: FileBody<'filechunk'>): void {
    const transfer = this.incoming.get(chunk.id);
    if (!transfer || transfer.info.state !== 'receiving' || !transfer.partial) {
      if (!transfer) this.options.link.send('filefailed', { id: chunk.id, reason: 'unknown transfer' });
      return;
    }
    const data = decodeBase64(chunk.data);
    if (data === undefined) {
      this.abortIncoming(transfer, 'data is not base64');
      return;
    }
    const end = chunk.offset + data.length;
    const problem =
      chunk.offset !== transfer.expected
        ? `chunk at ${chunk.offset}, expected ${transfer.expected}`
        : data.length > MAX_CHUNK_BYTES
          ? 'chunk too large'
          : end > transfer.info.size
            ? 'more bytes than offered'
            : end > transfer.granted
              ? 'more bytes than granted'
              : undefined;
    if (problem) {
      this.abortIncoming(transfer, problem);
      return;
    }
    transfer.expected = end;
    const partial = transfer.partial;
    // A write is a trip to the thread pool: chunks that arrive meanwhile go in the next one.
    if (transfer.queued.push(data) > 1) return;
    transfer.writes = transfer.writes.then(async () => {
      const batch = transfer.queued.splice(0);
      const bytes = batch.length === 1 ? (batch[0] ?? Buffer.alloc(0)) : Buffer.concat(batch);
      await partial.write(bytes);
      this.onWritten(transfer, bytes.length);
    });
    transfer.writes.catch((error: unknown) =>
      this.abortIncoming(transfer, `cannot write: ${(error as Error).message}`),
    );
  }

  private onWritten(transfer: Incoming, bytes: number): void {
    if (transfer.info.state !== 'receiving') return;
    transfer.sinceGrant += bytes;
    const written = transfer.info.bytes + bytes;
    if (transfer.sinceGrant >= CREDIT_STEP && transfer.granted < transfer.info.size) {
      const grant = transfer.sinceGrant;
      transfer.sinceGrant = 0;
      transfer.granted += grant;
      this.options.link.send('filecredit', { id: transfer.info.id, bytes: grant });
      this.update(transfer, { bytes: written });
    } else {
      transfer.info = { ...transfer.info, bytes: written };
    }
  }

  private onDone({ id }: FileBody<'filedone'>): void {
    const transfer = this.incoming.get(id);
    if (!transfer || transfer.info.state !== 'receiving' || !transfer.partial) return;
    if (transfer.expected !== transfer.info.size) {
      this.abortIncoming(transfer, `done after ${transfer.expected} of ${transfer.info.size} bytes`);
      return;
    }
    this.update(transfer, { state: 'verifying' });
    const partial = transfer.partial;
    transfer.writes = transfer.writes.then(async () => {
      const sha256 = await partial.finish();
      if (sha256 !== transfer.info.sha256) {
        await partial.discard();
        this.options.link.send('filefailed', { id, reason: 'the file does not match its hash' });
        this.update(transfer, { state: 'failed', reason: 'the file does not match its hash' });
        return;
      }
      const path = await placeIntoFolder(partial.path, this.options.downloadsFolder(), transfer.info.name);
      this.options.link.send('filereceived', { id, sha256 });
      this.update(transfer, { state: 'done', bytes: transfer.info.size, path });
    });
    transfer.writes.catch((error: unknown) =>
      this.abortIncoming(transfer, `cannot save: ${(error as Error).message}`),
    );
  }

  private abortIncoming(transfer: Incoming, reason: string): void {
    if (FINAL.has(transfer.info.state)) return;
    this.options.link.send('filefailed', { id: transfer.info.id, reason });
    this.finishIn(transfer, { state: 'failed', reason }, 'keep');
  }

  /**
   * Ends an incoming transfer. Chunks already taken are written first, so the update (and a
   * partial file kept for a resume) shows every byte; only then may the next chat reopen it.
   */
  private finishIn(transfer: Incoming, change: Partial<TransferInfo>, partial: 'keep' | 'discard'): void {
    const file = transfer.partial;
    transfer.partial = undefined;
    if (!file) {
      this.update(transfer, change);
      return;
    }
    transfer.info = { ...transfer.info, ...change };
    transfer.writes = transfer.writes
      .catch(() => undefined)
      .then(() => (partial === 'keep' ? file.close() : file.discard()))
      // Closed already when the file was finished.
      .catch(() => undefined)
      .then(() => this.update(transfer, partial === 'keep' ? { bytes: file.offset } : {}));
  }

  private async refusalFor(bytesToCome: number): Promise<string | undefined> {
    const limit = this.options.maxBytes();
    if (bytesToCome > limit) return `larger than the receiver's limit of ${limit} bytes`;
    const folders = [this.options.partialFolder, this.options.downloadsFolder()];
    for (const folder of folders) {
      const free = await freeBytes(folder).catch(() => 0);
      if (free < bytesToCome) return 'not enough free space on the receiver';
    }
    return undefined;
  }

  // --- sending ---------------------------------------------------------------------------

  private onAccept({ id, offset }: FileBody<'fileaccept'>): void {
    const out = this.outgoing.get(id);
    if (!out || out.info.state !== 'waiting') return;
    if (offset > out.info.size) {
      this.options.link.send('filecancel', { id });
      this.finishOut(out, { state: 'failed', reason: `the receiver asked for offset ${offset}` });
      return;
    }
    out.next = offset;
    out.credit = INITIAL_FILE_CREDIT;
    this.update(out, { state: 'sending', bytes: offset });
    void this.pump(out);
  }

  private onCredit({ id, bytes }: FileBody<'filecredit'>): void {
    const out = this.outgoing.get(id);
    if (!out || out.info.state !== 'sending') return;
    out.credit += bytes;
    void this.pump(out);
  }

  private async pump(out: Outgoing): Promise<void> {
    if (out.pumping) return;
    out.pumping = true;
    try {
      out.handle ??= await open(out.path, 'r');
      let sinceUpdate = 0;
      while (out.info.state === 'sending' && out.credit > 0 && out.next < out.info.size) {
        // One read per block, not per chunk: each read is a trip to the thread pool.
        const length = Math.min(READ_BLOCK_BYTES, out.credit, out.info.size - out.next);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await out.handle.read(buffer, 0, length, out.next);
        if (bytesRead !== length) throw new Error('the file changed while it was being sent');
        for (let at = 0; at < length && out.info.state === 'sending'; at += MAX_CHUNK_BYTES) {
          const chunk = buffer.subarray(at, Math.min(length, at + MAX_CHUNK_BYTES));
          this.options.link.send('filechunk', {
            id: out.info.id,
            offset: out.next,
            data: chunk.toString('base64'),
          });
          out.next += chunk.length;
          out.credit -= chunk.length;
          sinceUpdate += chunk.length;
          if (sinceUpdate >= CREDIT_STEP) {
            sinceUpdate = 0;
            this.update(out, { bytes: out.next });
          } else out.info = { ...out.info, bytes: out.next };
        }
      }
      if (out.info.state === 'sending' && out.next === out.info.size) {
        this.options.link.send('filedone', { id: out.info.id });
        this.update(out, { state: 'verifying', bytes: out.next });
      }
    } catch (error) {
      this.options.link.send('filecancel', { id: out.info.id });
      this.finishOut(out, { state: 'failed', reason: (error as Error).message });
    } finally {
      out.pumping = false;
    }
  }

  private onOutcome(
    route: 'filereject' | 'filefailed' | 'filereceived',
    body: { id: string; reason?: string; sha256?: string },
  ): void {
    const out = this.outgoing.get(body.id);
    if (!out || FINAL.has(out.info.state)) return;
    if (route === 'filereject') this.finishOut(out, { state: 'rejected', reason: body.reason ?? 'declined' });
    else if (route === 'filefailed')
      this.finishOut(out, { state: 'failed', reason: body.reason ?? 'failed' });
    else if (body.sha256 === out.info.sha256) this.finishOut(out, { state: 'done', bytes: out.info.size });
    else this.finishOut(out, { state: 'failed', reason: 'the receiver got a different file' });
  }

  private onCancel({ id }: FileBody<'filecancel'>): void {
    const inc = this.incoming.get(id);
    if (inc && !FINAL.has(inc.info.state)) {
      this.finishIn(inc, { state: 'cancelled', reason: `${this.options.peer} cancelled` }, 'discard');
      return;
    }
    const out = this.outgoing.get(id);
    if (out && !FINAL.has(out.info.state))
      this.finishOut(out, { state: 'cancelled', reason: `${this.options.peer} cancelled` });
  }

  private finishOut(out: Outgoing, change: Partial<TransferInfo>): void {
    this.update(out, change);
    const handle = out.handle;
    out.handle = undefined;
    void handle?.close().catch(() => undefined);
  }

  private update(transfer: { info: TransferInfo }, change: Partial<TransferInfo>): void {
    transfer.info = { ...transfer.info, ...change };
    this.emit('update', transfer.info);
  }
}

function idOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('id' in body)) return undefined;
  const id = body.id;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,32}$/u.test(id) ? id : undefined;
}
