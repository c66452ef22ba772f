/**
 * A file being received, kept in the profile until its hash matches: one file per (peer, size,
 * hash), so an offer of the same file after a dropped connection resumes where the bytes end.
 * Opened with O_NOFOLLOW, so a symlink planted at its path is refused rather than written through.
 */
import { createHash, type Hash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode } from './download-folder.js';

export interface PartialKey {
  readonly peer: string;
  readonly size: number;
  readonly sha256: string;
}

export function partialPath(folder: string, key: PartialKey): string {
  const id = createHash('sha256').update(`${key.peer}\0${key.size}\0${key.sha256}`).digest('hex');
  return join(folder, `${id.slice(0, 40)}.part`);
}

/**
 * Partial files still open here, by path, with a promise settled when they are closed: a chat
 * that ended may still be writing its last chunks when the next chat offers the same file.
 */
const inUse = new Map<string, Promise<void>>();

/** Bytes already received of this file (0 when there is no partial file). */
export async function receivedBytes(folder: string, key: PartialKey): Promise<number> {
  await inUse.get(partialPath(folder, key));
  try {
    const stats = await lstat(partialPath(folder, key));
    return stats.isFile() ? Math.min(stats.size, key.size) : 0;
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

export class PartialFile {
  private released: () => void = () => undefined;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly hash: Hash,
    private position: number,
  ) {
    const closed = new Promise<void>((resolve) => {
      this.released = () => {
        if (inUse.get(path) === closed) inUse.delete(path);
        resolve();
      };
    });
    inUse.set(path, closed);
  }

  /**
   * Opens the partial file for `key`, resuming at its end when it exists. The bytes already there
   * are hashed once so that the whole file's hash is ready when the last chunk is written.
   */
  static async open(folder: string, key: PartialKey): Promise<PartialFile> {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const path = partialPath(folder, key);
    while (inUse.has(path)) await inUse.get(path);
    const flags = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW;
    const handle = await open(path, flags, 0o600);
    try {
      const stats = await handle.stat();
      if (!stats.isFile()) throw new Error('the partial file is not a regular file');
      let size = stats.size;
      if (size > key.size) {
        await handle.truncate(0);
        size = 0;
      }
      const hash = createHash('sha256');
      if (size > 0) await hashPrefix(handle, size, hash);
      return new PartialFile(path, handle, hash, size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get offset(): number {
    return this.position;
  }

  async write(data: Buffer): Promise<void> {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.handle.write(
        data,
        written,
        data.length - written,
        this.position + written,
      );
      written += bytesWritten;
    }
    this.hash.update(data);
    this.position += data.length;
  }

  /** Closes the file and returns the hex SHA-256 of everything written to it. */
  async finish(): Promise<string> {
    try {
      await this.handle.close();
    } finally {
      this.released();
    }
    return this.hash.digest('hex');
  }

  /** Closes the file, keeping it for a later resume. */
  async close(): Promise<void> {
    try {
      await this.handle.close();
    } finally {
      this.released();
    }
  }

  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
    this.released();
  }
}

async function hashPrefix(handle: FileHandle, bytes: number, hash: Hash): Promise<void> {
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  for (let position = 0; position < bytes;) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, bytes - position), position);
    if (bytesRead === 0) throw new Error('the partial file shrank while it was read');
    hash.update(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
}

/** The hex SHA-256 of a whole file on disk (what a sender offers). */
export function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
