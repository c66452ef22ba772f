/** Messages kept for users who were offline when they were sent, delivered oldest first. */
import type { Db } from './database.js';

export interface StoredMessage {
  readonly seq: number;
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
}

export class OfflineQueue {
  private readonly insert;
  private readonly selectPage;
  private readonly deleteUpTo;
  private readonly countFor;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string, string, string, number]>(
      'INSERT INTO offline_messages (recipient, id, sender, text, ts) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectPage = db.prepare<[string, number, number], StoredMessage>(
      `SELECT seq, id, sender AS "from", text, ts FROM offline_messages
       WHERE recipient = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.deleteUpTo = db.prepare<[string, number]>(
      'DELETE FROM offline_messages WHERE recipient = ? AND seq <= ?',
    );
    this.countFor = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM offline_messages WHERE recipient = ?',
    );
  }

  /** Committed before it returns, so a 200 sent afterwards survives a crash. */
  append(recipient: string, message: Omit<StoredMessage, 'seq'>): void {
    this.insert.run(recipient, message.id, message.from, message.text, message.ts);
  }

  /** The next `limit` messages after `afterSeq`, oldest first. */
  page(recipient: string, afterSeq: number, limit: number): StoredMessage[] {
    return this.selectPage.all(recipient, afterSeq, limit);
  }

  /** Forgets what has been handed to the recipient's socket, up to and including `seq`. */
  acknowledge(recipient: string, seq: number): void {
    this.deleteUpTo.run(recipient, seq);
  }

  count(recipient: string): number {
    return this.countFor.get(recipient)?.n ?? 0;
  }
}
