/**
 * When each user was last online, for whoelsesince across restarts. A heartbeat row records how
 * long the server was alive, so users still marked online after a crash are closed at that moment.
 */
import type { Db } from './database.js';

export class PresenceHistory {
  private readonly upsert;
  private readonly selectSince;
  private readonly writeHeartbeat;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare<[string, number, number]>(
      `INSERT INTO presence_history (username, online, last_seen) VALUES (?, ?, ?)
       ON CONFLICT (username) DO UPDATE SET online = excluded.online, last_seen = excluded.last_seen`,
    );
    this.selectSince = db.prepare<[number], { username: string }>(
      'SELECT username FROM presence_history WHERE online = 1 OR last_seen >= ?',
    );
    this.writeHeartbeat = db.prepare<[number]>(
      `INSERT INTO meta (key, value) VALUES ('heartbeat', ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
  }

  /** Closes the sessions a crashed server left open, at the last moment it was known alive. */
  recoverAfterCrash(now: number): void {
    const row = this.db
      .prepare<[], { value: number }>("SELECT value FROM meta WHERE key = 'heartbeat'")
      .get();
    this.db
      .prepare<[number]>('UPDATE presence_history SET online = 0, last_seen = ? WHERE online = 1')
      .run(row?.value ?? now);
  }

  loggedIn(username: string, now: number): void {
    this.upsert.run(username, 1, now);
  }

  loggedOut(username: string, now: number): void {
    this.upsert.run(username, 0, now);
  }

  /** The account is gone: it no longer shows in whoelsesince. */
  forget(username: string): void {
    this.db.prepare<[string]>('DELETE FROM presence_history WHERE username = ?').run(username);
  }

  /** When each user was last online (ms); now-online users count as seen at their login. */
  lastSeenAll(): Map<string, number> {
    const rows = this.db
      .prepare<[], { username: string; last_seen: number }>(
        'SELECT username, last_seen FROM presence_history',
      )
      .all();
    return new Map(rows.map((row) => [row.username, row.last_seen]));
  }

  heartbeat(now: number): void {
    this.writeHeartbeat.run(now);
  }

  /** Users online at any moment since `since` (as far as this history knows). */
  onlineSince(since: number): string[] {
    return this.selectSince.all(since).map((row) => row.username);
  }
}
