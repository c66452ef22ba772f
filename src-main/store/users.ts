/** Accounts. Usernames are cached in memory: every message asks whether its recipient exists. */
import type { Db } from './database.js';

export class Users {
  private readonly names = new Set<string>();
  private readonly insert;
  private readonly selectHash;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string, number]>(
      'INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.selectHash = db.prepare<[string], { password_hash: string }>(
      'SELECT password_hash FROM users WHERE username = ?',
    );
    for (const row of db.prepare<[], { username: string }>('SELECT username FROM users').iterate()) {
      this.names.add(row.username);
    }
  }

  exists(username: string): boolean {
    return this.names.has(username);
  }

  /** Returns false when the name is taken. */
  create(username: string, passwordHash: string, now: number): boolean {
    const created = this.insert.run(username, passwordHash, now).changes === 1;
    if (created) this.names.add(username);
    return created;
  }

  passwordHash(username: string): string | undefined {
    return this.selectHash.get(username)?.password_hash;
  }

  get count(): number {
    return this.names.size;
  }
}
