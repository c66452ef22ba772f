/** Opens the SQLite file in WAL mode and brings its schema up to date (PRAGMA user_version). */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

const migrations: readonly string[] = [
  // 1: accounts, blocks, the offline queue, and presence history for whoelsesince.
  `CREATE TABLE users (
     username TEXT PRIMARY KEY,
     password_hash TEXT NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE blocks (
     blocker TEXT NOT NULL REFERENCES users(username),
     blocked TEXT NOT NULL REFERENCES users(username),
     PRIMARY KEY (blocker, blocked)
   ) WITHOUT ROWID;
   CREATE TABLE offline_messages (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     recipient TEXT NOT NULL,
     id TEXT NOT NULL,
     sender TEXT NOT NULL,
     text TEXT NOT NULL,
     ts INTEGER NOT NULL
   );
   CREATE INDEX offline_messages_by_recipient ON offline_messages (recipient, seq);
   CREATE TABLE presence_history (
     username TEXT PRIMARY KEY,
     online INTEGER NOT NULL,
     last_seen INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;`,
  // 2 (protocol 1.1): seq counts per recipient, and a per-user high-water mark of seqs handed out,
  // reserved in blocks, so a seq is never reused even after kill -9. Stored messages are renumbered.
  `CREATE TABLE inbox (
     recipient TEXT NOT NULL,
     seq INTEGER NOT NULL,
     id TEXT NOT NULL,
     sender TEXT NOT NULL,
     text TEXT NOT NULL,
     ts INTEGER NOT NULL,
     PRIMARY KEY (recipient, seq)
   ) WITHOUT ROWID;
   INSERT INTO inbox (recipient, seq, id, sender, text, ts)
     SELECT recipient, ROW_NUMBER() OVER (PARTITION BY recipient ORDER BY seq), id, sender, text, ts
     FROM offline_messages;
   CREATE TABLE seq_marks (username TEXT PRIMARY KEY, reserved INTEGER NOT NULL) WITHOUT ROWID;
   INSERT INTO seq_marks (username, reserved) SELECT recipient, max(seq) FROM inbox GROUP BY recipient;
   DROP TABLE offline_messages;`,
  // 3 (protocol 1.2 accounts): names found by prefix ignoring case through an index (not unique:
  // a 1.1 database may hold `Bob` and `bob`, and both keep working), and lockouts that outlive a
  // restart (and that the admin command line can set while no server runs).
  `CREATE INDEX users_by_lower_name ON users (lower(username), username);
   CREATE TABLE lockouts (username TEXT PRIMARY KEY, locked_until INTEGER NOT NULL) WITHOUT ROWID;`,
  // 4 (protocol 1.2): the direct stream carries edits, deletes, reactions and read receipts beside
  // messages (route, and the route's own fields as JSON in extra); rooms, their members (joined
  // seq, delivery cursor, read position; until_seq: a kicked member's last item), invitations, the
  // rooms' items (their history, seq per room) and reactions (one per user, emoji and message).
  `ALTER TABLE inbox ADD COLUMN route TEXT NOT NULL DEFAULT 'message';
   ALTER TABLE inbox ADD COLUMN extra TEXT;
   CREATE TABLE rooms (
     name TEXT PRIMARY KEY,
     private INTEGER NOT NULL,
     topic TEXT NOT NULL,
     owner TEXT,
     creator TEXT NOT NULL,
     last_seq INTEGER NOT NULL,
     created_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE room_members (
     room TEXT NOT NULL,
     username TEXT NOT NULL,
     joined_seq INTEGER NOT NULL,
     cursor INTEGER NOT NULL,
     read_up_to INTEGER NOT NULL,
     until_seq INTEGER,
     PRIMARY KEY (room, username)
   ) WITHOUT ROWID;
   CREATE TABLE room_invites (
     room TEXT NOT NULL,
     username TEXT NOT NULL,
     invited_by TEXT NOT NULL,
     PRIMARY KEY (room, username)
   ) WITHOUT ROWID;
   CREATE TABLE room_items (
     room TEXT NOT NULL,
     seq INTEGER NOT NULL,
     type TEXT NOT NULL,
     id TEXT NOT NULL,
     sender TEXT,
     ts INTEGER NOT NULL,
     text TEXT,
     extra TEXT,
     deleted INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (room, seq)
   ) WITHOUT ROWID;
   CREATE INDEX room_items_by_id ON room_items (id);
   CREATE TABLE reactions (
     message_id TEXT NOT NULL,
     username TEXT NOT NULL,
     emoji TEXT NOT NULL,
     PRIMARY KEY (message_id, username, emoji)
   ) WITHOUT ROWID;`,
];

export const SCHEMA_VERSION = migrations.length;

/** Thrown when another server process (or ChatStore) already has the database open. */
export class DatabaseInUseError extends Error {
  constructor(readonly file: string) {
    super(`the data folder is in use by another Parley server (${file} is locked); stop that one first`);
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Opens (creating if needed) the database at `file`; ':memory:' works for throwaway use. A file is
 * held with SQLite's exclusive locking mode for as long as it is open: the lock is the operating
 * system's, so it dies with the process (kill -9 included) and a second server is refused at once.
 */
export interface OpenDatabaseOptions {
  /** A better_sqlite3.node built for the running runtime (Electron's ABI); default: the package's own. */
  readonly nativeBinding?: string;
}

export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(
    file,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  if (file !== ':memory:') takeExclusiveLock(db, file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives a process crash (kill -9); only an OS
  // crash can lose the last transactions, which is the trade every chat server makes for speed.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function takeExclusiveLock(db: Db, file: string): void {
  db.pragma('busy_timeout = 0');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    // A write transaction takes the exclusive lock, which EXCLUSIVE mode then never gives back.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY')) throw new DatabaseInUseError(file);
    throw error;
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this server (${SCHEMA_VERSION})`);
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
