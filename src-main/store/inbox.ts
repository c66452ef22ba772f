/**
 * Direct messages the server holds for their recipient until it acknowledges them, keyed by the
 * recipient's seq, and the per-user high-water mark of seqs already handed out.
 */
import type { Db } from './database.js';

export interface StoredMessage {
  readonly seq: number;
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
}

export class Inbox {
  private readonly insert;
  private readonly selectPage;
  private readonly deleteUpTo;
  private readonly countFor;
  private readonly selectMark;
  private readonly upsertMark;

  constructor(db: Db) {
    this.insert = db.prepare<[string, number, string, string, string, number]>(
      'INSERT OR IGNORE INTO inbox (recipient, seq, id, sender, text, ts) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectPage = db.prepare<[string, number, number], StoredMessage>(
      `SELECT seq, id, sender AS "from", text, ts FROM inbox
       WHERE recipient = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.deleteUpTo = db.prepare<[string, number]>('DELETE FROM inbox WHERE recipient = ? AND seq <= ?');
    this.countFor = db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM inbox WHERE recipient = ?',
    );
    this.selectMark = db.prepare<[string], { reserved: number }>(
      'SELECT reserved FROM seq_marks WHERE username = ?',
    );
    this.upsertMark = db.prepare<[string, number]>(
      `INSERT INTO seq_marks (username, reserved) VALUES (?, ?)
       ON CONFLICT (username) DO UPDATE SET reserved = excluded.reserved`,
    );
  }

  /** Stores one message under its seq; call inside a transaction to batch many. */
  put(recipient: string, message: StoredMessage): void {
    this.insert.run(recipient, message.seq, message.id, message.from, message.text, message.ts);
  }

  /** The next `limit` messages after `afterSeq`, oldest first. */
  page(recipient: string, afterSeq: number, limit: number): StoredMessage[] {
    return this.selectPage.all(recipient, afterSeq, limit);
  }

  /** Forgets what the recipient acknowledged: everything up to and including `seq`. */
  acknowledge(recipient: string, seq: number): void {
    this.deleteUpTo.run(recipient, seq);
  }

  count(recipient: string): number {
    return this.countFor.get(recipient)?.n ?? 0;
  }

  /** The highest seq ever reserved for the user (0 for none): every seq handed out is at most this. */
  reservedSeq(username: string): number {
    return this.selectMark.get(username)?.reserved ?? 0;
  }

  /** Records a new high-water mark; committed before it returns, so it survives a crash. */
  reserveSeqUpTo(username: string, reserved: number): void {
    this.upsertMark.run(username, reserved);
  }
}
