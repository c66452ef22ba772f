/**
 * Upgrading a history.sqlite written before history was kept per server: its rows stay, filed
 * under the server the profile's settings named at the upgrade (issue 17, defect 3).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { accountOf } from './account.js';
import { LocalHistory } from './history.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-history-db-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A history file as version 2 of the schema left it, with one message and one unread count. */
function writeVersion2(file: string): void {
  const db = new Database(file);
  db.exec(`
    CREATE TABLE messages (
      row INTEGER PRIMARY KEY AUTOINCREMENT, owner TEXT NOT NULL, conversation TEXT NOT NULL,
      id TEXT NOT NULL, kind TEXT NOT NULL, direction TEXT NOT NULL, sender TEXT NOT NULL,
      recipient TEXT, text TEXT NOT NULL, ts INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT,
      offline INTEGER, skipped INTEGER, seq INTEGER);
    CREATE UNIQUE INDEX received_once ON messages (owner, conversation, id) WHERE direction = 'in';
    CREATE INDEX by_conversation ON messages (owner, conversation, row);
    CREATE TABLE unread (owner TEXT NOT NULL, conversation TEXT NOT NULL, count INTEGER NOT NULL,
      PRIMARY KEY (owner, conversation)) WITHOUT ROWID;
    INSERT INTO messages (owner, conversation, id, kind, direction, sender, recipient, text, ts, state, seq)
      VALUES ('bob', 'direct:alice', 'm1', 'direct', 'in', 'alice', 'bob', 'from before', 1000, 'delivered', 1);
    INSERT INTO unread VALUES ('bob', 'direct:alice', 1);
    PRAGMA user_version = 2;`);
  db.close();
}

it('files the rows of an older history under the server the settings name, and nowhere else', () => {
  const file = join(dir, 'history.sqlite');
  writeVersion2(file);
  const history = new LocalHistory(file, { legacyServer: 'chat.example:5000' });
  try {
    const bob = accountOf('chat.example:5000', 'bob');
    expect(history.allMessages(bob, 'direct:alice').map((m) => m.text)).toEqual(['from before']);
    expect([...history.unreadCounts(bob)]).toEqual([['direct:alice', 1]]);
    expect(history.conversationKeys(accountOf('other:5000', 'bob'))).toEqual([]);
    expect(history.conversationKeys('bob')).toEqual([]);
    // Rows written before the full-text index existed are in it.
    expect(history.search(bob, 'befo', 5).map((h) => h.message.id)).toEqual(['m1']);
    // A redelivery of the old message after the upgrade is still recognised.
    expect(history.saveIncoming(bob, history.allMessages(bob, 'direct:alice')[0]!)).toBe(false);
  } finally {
    history.close();
  }
  // Opening again changes nothing more.
  const again = new LocalHistory(file, { legacyServer: 'somewhere:1' });
  try {
    expect(again.conversationKeys(accountOf('chat.example:5000', 'bob'))).toEqual(['direct:alice']);
  } finally {
    again.close();
  }
});
