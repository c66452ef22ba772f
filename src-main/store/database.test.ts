import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatStore } from './chat-store.js';
import { openDatabase, SCHEMA_VERSION } from './database.js';

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

  it('pages the offline queue oldest first and forgets what was acknowledged', () => {
    const store = ChatStore.open(tempFile());
    for (let i = 0; i < 5; i++)
      store.offlineQueue.append('bob', { id: `m${i}`, from: 'ann', text: `t${i}`, ts: i });
    const first = store.offlineQueue.page('bob', 0, 3);
    expect(first.map((m) => m.id)).toEqual(['m0', 'm1', 'm2']);
    store.offlineQueue.acknowledge('bob', first.at(-1)?.seq ?? 0);
    expect(store.offlineQueue.count('bob')).toBe(2);
    expect(store.offlineQueue.page('bob', 0, 10).map((m) => m.id)).toEqual(['m3', 'm4']);
    store.close();
  });
});
