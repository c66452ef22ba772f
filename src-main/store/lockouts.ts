/** Locked usernames and until when (ms), kept on disk so a restart or the admin command line sees them. */
import type { Db } from './database.js';

export class Lockouts {
  private readonly upsert;
  private readonly remove;
  private readonly removeExpired;
  private readonly selectAll;

  constructor(db: Db) {
    this.upsert = db.prepare<[string, number]>(
      `INSERT INTO lockouts (username, locked_until) VALUES (?, ?)
       ON CONFLICT (username) DO UPDATE SET locked_until = excluded.locked_until`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM lockouts WHERE username = ?');
    this.removeExpired = db.prepare<[number]>('DELETE FROM lockouts WHERE locked_until <= ?');
    this.selectAll = db.prepare<[], { username: string; locked_until: number }>(
      'SELECT username, locked_until FROM lockouts',
    );
  }

  set(username: string, lockedUntil: number): void {
    this.upsert.run(username, lockedUntil);
  }

  delete(username: string): void {
    this.remove.run(username);
  }

  /** Every lock that has not ended by `now`; ended ones are deleted on the way. */
  active(now: number): Map<string, number> {
    this.removeExpired.run(now);
    return new Map(this.selectAll.all().map((row) => [row.username, row.locked_until]));
  }
}
