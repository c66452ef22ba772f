import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStore } from './chat-store.js';
import { DatabaseInUseError, openDatabase, SCHEMA_VERSION } from './database.js';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'parley.sqlite');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('creates the file in WAL mode at the current schema version, and reopens it unchanged', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const again = openDatabase(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    again.close();
  });

  it('refuses a database written by a newer server', () => {
    const file = tempFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this server/);
  });

  it('closes the sessions a crashed server left open at its last heartbeat', () => {
    const file = tempFile();
    const store = ChatStore.open(file);
    store.presenceHistory.loggedIn('ann', 1000);
    store.presenceHistory.heartbeat(5000);
    store.close(); // as if killed: ann never logged out
    const reopened = ChatStore.open(file);
    reopened.presenceHistory.recoverAfterCrash(90_000);
    expect(reopened.presenceHistory.onlineSince(4000)).toEqual(['ann']);
    expect(reopened.presenceHistory.onlineSince(6000)).toEqual([]);
    reopened.close();
  });

  it('pages the inbox by seq and forgets what was acknowledged', () => {
    const store = ChatStore.open(tempFile());
    for (let i = 0; i < 5; i++)
      store.inbox.put('bob', { seq: i + 1, id: `m${i}`, from: 'ann', text: `t${i}`, ts: i });
    const first = store.inbox.page('bob', 0, 3);
    expect(first.map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    store.inbox.acknowledge('bob', first.at(-1)?.seq ?? 0);
    expect(store.inbox.count('bob')).toBe(2);
    expect(store.inbox.page('bob', 0, 10).map((m) => m.seq)).toEqual([4, 5]);
    store.close();
  });

  it('keeps seq marks across a reopen', () => {
    const file = tempFile();
    const store = ChatStore.open(file);
    store.inbox.reserveSeqUpTo('bob', 1024);
    store.close();
    const again = ChatStore.open(file);
    expect(again.inbox.reservedSeq('bob')).toBe(1024);
    expect(again.inbox.reservedSeq('ann')).toBe(0);
    again.close();
  });

  it('renumbers a version-1 offline queue per recipient when it migrates', () => {
    const file = tempFile();
    openDatabase(file).close();
    const raw = new Database(file);
    raw.exec(`DROP TABLE inbox; DROP TABLE seq_marks; DROP INDEX users_by_lower_name; DROP TABLE lockouts;
      DROP TABLE rooms; DROP TABLE room_members; DROP TABLE room_invites; DROP TABLE room_items;
      DROP TABLE reactions;
      CREATE TABLE offline_messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL,
        id TEXT NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL);
      INSERT INTO offline_messages (recipient, id, sender, text, ts) VALUES
        ('bob','a','ann','1',1), ('cat','b','ann','2',2), ('bob','c','ann','3',3);`);
    raw.pragma('user_version = 1');
    raw.close();
    const store = ChatStore.open(file);
    expect(store.inbox.page('bob', 0, 10).map((m) => [m.seq, m.id])).toEqual([
      [1, 'a'],
      [2, 'c'],
    ]);
    expect(store.inbox.reservedSeq('bob')).toBe(2);
    expect(store.inbox.reservedSeq('cat')).toBe(1);
    store.close();
  });

  it('refuses a second opening of a data folder in use, and allows it once closed', () => {
    const file = tempFile();
    const first = ChatStore.open(file);
    expect(() => ChatStore.open(file)).toThrow(DatabaseInUseError);
    expect(() => ChatStore.open(file)).toThrow(/in use by another Parley server/);
    first.close();
    ChatStore.open(file).close();
  });
});
