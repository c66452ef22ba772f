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
  /** The push's route (1.2): message, edit, delete, reaction or read; default message. */
  readonly route?: string | undefined;
  /** The route's own fields as a JSON object (replyTo, emoji and on, upTo), if any. */
  readonly extra?: string | null | undefined;
}

/** A direct-stream item as read back: route always set, extra null when none. */
export interface StoredItem extends Omit<StoredMessage, 'extra'> {
  readonly route: string;
  readonly extra: string | null;
}

export class Inbox {
  private readonly insert;
  private readonly selectPage;
  private readonly dropRelated;
  private readonly deleteRecipient;
  private readonly deleteUpTo;
  private readonly countFor;
  private readonly selectMark;
  private readonly upsertMark;

  constructor(db: Db) {
    this.insert = db.prepare<[string, number, string, string, string, number, string, string | null]>(
      `INSERT OR IGNORE INTO inbox (recipient, seq, id, sender, text, ts, route, extra)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectPage = db.prepare<[string, number, number], StoredItem>(
      `SELECT seq, id, sender AS "from", text, ts, route, extra FROM inbox
       WHERE recipient = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.dropRelated = db.prepare<[string, string, string]>(
      `DELETE FROM inbox WHERE recipient = ? AND sender = ? AND id = ?
       AND route IN ('message', 'edit', 'reaction')`,
    );
    this.deleteRecipient = db.prepare<[string]>('DELETE FROM inbox WHERE recipient = ?');
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
    const { seq, id, from, text, ts, route, extra } = message;
    this.insert.run(recipient, seq, id, from, text, ts, route ?? 'message', extra ?? null);
  }

  /** The next `limit` items after `afterSeq`, oldest first. */
  page(recipient: string, afterSeq: number, limit: number): StoredItem[] {
    return this.selectPage.all(recipient, afterSeq, limit);
  }

  /**
   * Drops a direct message still stored for its recipient, with the sender's stored edits and
   * reactions of it: its text is never delivered (protocol 1.2, Relations).
   */
  dropMessage(recipient: string, sender: string, id: string): void {
    this.dropRelated.run(recipient, sender, id);
  }

  /** Forgets everything stored for `recipient` (its account is gone). */
  removeRecipient(recipient: string): void {
    this.deleteRecipient.run(recipient);
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
