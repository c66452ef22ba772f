/** Accounts. Usernames are cached in memory: every message asks whether its recipient exists. */
import type { Db } from './database.js';

/** Usernames are ASCII, so case is folded for A-Z only (`toLowerCase` would fold U+212A to `k`). */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

const PREFIX_QUERY = `SELECT username FROM users
  WHERE lower(username) >= ? AND lower(username) < ?
  ORDER BY lower(username), username`;

export class Users {
  private readonly names = new Set<string>();
  private readonly insert;
  private readonly selectHash;
  private readonly selectFolded;
  private readonly selectPrefix;
  private readonly updateHash;
  private readonly remove;

  constructor(private readonly db: Db) {
    this.insert = db.prepare<[string, string, number]>(
      'INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectHash = db.prepare<[string], { password_hash: string }>(
      'SELECT password_hash FROM users WHERE username = ?',
    );
    this.selectFolded = db.prepare<[string], { username: string }>(
      'SELECT username FROM users WHERE lower(username) = ? LIMIT 1',
    );
    this.selectPrefix = db.prepare<[string, string], { username: string }>(PREFIX_QUERY);
    this.updateHash = db.prepare<[string, string]>('UPDATE users SET password_hash = ? WHERE username = ?');
    this.remove = db.prepare<[string]>('DELETE FROM users WHERE username = ?');
    for (const row of db.prepare<[], { username: string }>('SELECT username FROM users').iterate()) {
      this.names.add(row.username);
    }
  }

  exists(username: string): boolean {
    return this.names.has(username);
  }

  /** Whether a name equal to `username` ignoring case is registered (the 1.2 registration rule). */
  existsIgnoringCase(username: string): boolean {
    return this.names.has(username) || this.selectFolded.get(foldCase(username)) !== undefined;
  }

  /**
   * Returns false when the name, or one equal to it ignoring case, is taken. Checked and inserted
   * in one synchronous step, so two registrations racing through their hashes cannot both win.
   */
  create(username: string, passwordHash: string, now: number): boolean {
    if (this.existsIgnoringCase(username)) return false;
    const created = this.insert.run(username, passwordHash, now).changes === 1;
    if (created) this.names.add(username);
    return created;
  }

  passwordHash(username: string): string | undefined {
    return this.selectHash.get(username)?.password_hash;
  }

  setPasswordHash(username: string, passwordHash: string): void {
    this.updateHash.run(passwordHash, username);
  }

  /**
   * Names starting with `prefix` ignoring case, in case-insensitive order (ties: exact order), at
   * most `limit`, skipping those `skip` refuses. Walks the index lazily, so skipped names cost
   * only the rows read past them.
   */
  findByPrefix(prefix: string, limit: number, skip: (username: string) => boolean): string[] {
    const low = foldCase(prefix);
    const found: string[] = [];
    if (limit <= 0) return found;
    for (const row of this.selectPrefix.iterate(low, `${low}\u{10FFFF}`)) {
      if (skip(row.username)) continue;
      found.push(row.username);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** SQLite's plan for the prefix query, so a test can hold it to the index. */
  prefixQueryPlan(): string {
    return this.db
      .prepare<[string, string], { detail: string }>(`EXPLAIN QUERY PLAN ${PREFIX_QUERY}`)
      .all('a', 'b')
      .map((row) => row.detail)
      .join('; ');
  }

  /** Deletes the account row; the caller (ChatStore.removeAccount) removes what refers to it first. */
  delete(username: string): void {
    this.remove.run(username);
    this.names.delete(username);
  }

  /** Every registered name, sorted (for the server's administrator). */
  list(): string[] {
    return [...this.names].sort();
  }

  get count(): number {
    return this.names.size;
  }
}
