/**
 * Where received files end up: a finished partial file is put into the downloads folder under a
 * name nobody uses yet. `link` (or an exclusive copy across file systems) fails when the name
 * exists, so a file, or a symlink planted by someone else, is never overwritten or followed.
 */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { numberedName } from './safe-file-name.js';

const MAX_NUMBERED_TRIES = 10_000;

/** Moves `partialPath` into `folder` as `safeName` or its first free numbered variant. */
export async function placeIntoFolder(
  partialPath: string,
  folder: string,
  safeName: string,
): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  for (let n = 0; n < MAX_NUMBERED_TRIES; n++) {
    const target = join(folder, numberedName(safeName, n));
    try {
      await putExclusive(partialPath, target);
      await unlink(partialPath);
      return target;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free name for ${safeName} in ${folder}`);
}

async function putExclusive(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if (errorCode(error) !== 'EXDEV' && errorCode(error) !== 'EPERM') throw error;
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}

/** Bytes an unprivileged user may still write in `folder` (created if missing). */
export async function freeBytes(folder: string): Promise<number> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const stats = await statfs(folder);
  return stats.bavail * stats.bsize;
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}
