/** Who has blocked whom; written through to SQLite, read from memory on every message. */
import type { Db } from './database.js';

export class Blocks {
  private readonly byBlocker = new Map<string, Set<string>>();
  private readonly insert;
  private readonly remove;
  private readonly removeUser;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string]>('INSERT INTO blocks (blocker, blocked) VALUES (?, ?)');
    this.remove = db.prepare<[string, string]>('DELETE FROM blocks WHERE blocker = ? AND blocked = ?');
    this.removeUser = db.prepare<[string, string]>('DELETE FROM blocks WHERE blocker = ? OR blocked = ?');
    const rows = db.prepare<[], { blocker: string; blocked: string }>('SELECT blocker, blocked FROM blocks');
    for (const row of rows.iterate()) this.setOf(row.blocker).add(row.blocked);
  }

  has(blocker: string, blocked: string): boolean {
    return this.byBlocker.get(blocker)?.has(blocked) ?? false;
  }

  /** Returns false when already blocked. */
  add(blocker: string, blocked: string): boolean {
    if (this.has(blocker, blocked)) return false;
    this.insert.run(blocker, blocked);
    this.setOf(blocker).add(blocked);
    return true;
  }

  /** Returns false when it was not blocked. */
  delete(blocker: string, blocked: string): boolean {
    if (!this.has(blocker, blocked)) return false;
    this.remove.run(blocker, blocked);
    this.byBlocker.get(blocker)?.delete(blocked);
    return true;
  }

  /** Forgets every block made by or against `user` (an account being removed). */
  removeAllOf(user: string): void {
    this.removeUser.run(user, user);
    this.byBlocker.delete(user);
    for (const blocked of this.byBlocker.values()) blocked.delete(user);
  }

  /** The users `blocker` has blocked, as held in memory (do not change it). */
  blockedBy(blocker: string): ReadonlySet<string> | undefined {
    return this.byBlocker.get(blocker);
  }

  listBy(blocker: string): string[] {
    return [...(this.byBlocker.get(blocker) ?? [])].sort();
  }

  private setOf(blocker: string): Set<string> {
    let set = this.byBlocker.get(blocker);
    if (!set) this.byBlocker.set(blocker, (set = new Set()));
    return set;
  }
}
