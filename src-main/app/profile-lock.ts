/**
 * One running app per profile folder. A second copy on the same profile would share
 * history.sqlite and settings with the first and race it; it is refused instead. The lock is
 * SQLite's exclusive lock on a small file, held by the operating system for as long as the file
 * is open, so it dies with the process (kill -9 included), the way the server holds its data folder.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export class ProfileInUseError extends Error {
  constructor(readonly profileDir: string) {
    super(
      `the profile ${profileDir} is in use by another Parley (npm run web or the app); stop that one first, or choose another with --profile DIR`,
    );
    this.name = 'ProfileInUseError';
  }
}

export interface ProfileLock {
  release(): void;
}

export function lockProfile(profileDir: string, options: { nativeBinding?: string } = {}): ProfileLock {
  mkdirSync(profileDir, { recursive: true });
  const db = new Database(
    join(profileDir, 'profile.lock'),
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    // A write transaction takes the exclusive lock, which EXCLUSIVE mode then never gives back.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new ProfileInUseError(profileDir);
    throw error;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      db.close();
    },
  };
}
