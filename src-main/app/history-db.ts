/**
 * Opens the profile's local history (history.sqlite) and brings its schema up to date. Under
 * Electron, better-sqlite3 must load a build made for Electron's ABI: the shell passes that
 * build's path as `nativeBinding`; under Node the package's own build is used.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type HistoryDb = Database.Database;

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for the running runtime (Electron). */
  readonly nativeBinding?: string;
  /**
   * The server (accountServer of account.ts) rows saved before history was kept per server are
   * filed under: the one the profile's settings name when the upgrade runs, the best record of
   * where they came from.
   */
  readonly legacyServer?: string;
}

type Migration = string | ((db: HistoryDb, options: OpenOptions) => void);

const migrations: readonly Migration[] = [
  // 1: every message this profile saw, per logged-in user (owner). Received ones are unique per
  // owner, conversation and id, so a redelivery after a restart is recognised (and one peer can't
  // shadow another's message by reusing its id).
  `CREATE TABLE messages (
     row INTEGER PRIMARY KEY AUTOINCREMENT,
     owner TEXT NOT NULL,
     conversation TEXT NOT NULL,
     id TEXT NOT NULL,
     kind TEXT NOT NULL,
     direction TEXT NOT NULL,
     sender TEXT NOT NULL,
     recipient TEXT,
     text TEXT NOT NULL,
     ts INTEGER NOT NULL,
     state TEXT NOT NULL,
     reason TEXT,
     offline INTEGER,
     skipped INTEGER,
     seq INTEGER
   );
   CREATE UNIQUE INDEX received_once ON messages (owner, conversation, id) WHERE direction = 'in';
   CREATE INDEX by_conversation ON messages (owner, conversation, row);`,
  // 2: unread counts, so they survive a restart too.
  `CREATE TABLE unread (
     owner TEXT NOT NULL,
     conversation TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (owner, conversation)
   ) WITHOUT ROWID;`,
  // 3: history belongs to an account, (server, user): `owner` becomes `<server>/<user>` (names
  // can't contain `/`), and what the window had open and unsent is kept per account too.
  (db, options) => {
    const server = options.legacyServer ?? 'this-computer';
    for (const table of ['messages', 'unread']) {
      db.prepare(`UPDATE ${table} SET owner = ? || '/' || owner WHERE instr(owner, '/') = 0`).run(server);
    }
    db.exec(`
      CREATE TABLE drafts (
        owner TEXT NOT NULL,
        conversation TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (owner, conversation)
      ) WITHOUT ROWID;
      CREATE TABLE open_conversation (owner TEXT PRIMARY KEY, conversation TEXT NOT NULL) WITHOUT ROWID;`);
  },
  // 4: full-text search over every message's text (FTS5, external content: the text is stored
  // once, in messages). Triggers keep the index in step inside the same transaction as the row.
  `CREATE VIRTUAL TABLE messages_fts USING fts5(
     text, content = 'messages', content_rowid = 'row', tokenize = 'unicode61 remove_diacritics 2'
   );
   INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
   CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
     INSERT INTO messages_fts (rowid, text) VALUES (new.row, new.text);
   END;
   CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
     INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.row, old.text);
   END;
   CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages BEGIN
     INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.row, old.text);
     INSERT INTO messages_fts (rowid, text) VALUES (new.row, new.text);
   END;`,
  // 5: room messages and replies (protocol 1.2), relations (edits, deletes, reactions, receipts)
  // kept as they came, once each, and folded into the messages when they are read; unread
  // messages that mention the owner, counted apart.
  `ALTER TABLE messages ADD COLUMN room TEXT;
   ALTER TABLE messages ADD COLUMN reply_to TEXT;
   CREATE TABLE relations (
     row INTEGER PRIMARY KEY AUTOINCREMENT,
     owner TEXT NOT NULL,
     conversation TEXT NOT NULL,
     identity TEXT NOT NULL,
     body TEXT NOT NULL
   );
   CREATE UNIQUE INDEX relation_once ON relations (owner, conversation, identity);
   CREATE TABLE mentions (
     owner TEXT NOT NULL,
     conversation TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (owner, conversation)
   ) WITHOUT ROWID;`,
];

export function openHistoryDb(file: string, options: OpenOptions = {}): HistoryDb {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(
    file,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    db.close();
    throw new Error(`history schema version ${current} is newer than this app (${migrations.length})`);
  }
  for (let version = current; version < migrations.length; version++) {
    const migration = migrations[version] ?? '';
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else migration(db, options);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return db;
}
