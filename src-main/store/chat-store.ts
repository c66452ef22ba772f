/** Everything the server keeps on disk, opened from one SQLite file. */
import { openDatabase, type Db, type OpenDatabaseOptions } from './database.js';
import { Blocks } from './blocks.js';
import { Inbox } from './inbox.js';
import { Lockouts } from './lockouts.js';
import { PresenceHistory } from './presence-history.js';
import { RoomStore } from './rooms.js';
import { Users } from './users.js';

/** One account as the server's administrator sees it on disk. */
export interface StoredAccount {
  readonly username: string;
  /** When the user was last online (ms), or undefined when never. */
  readonly lastSeen: number | undefined;
}

export class ChatStore {
  readonly users: Users;
  readonly blocks: Blocks;
  readonly inbox: Inbox;
  readonly presenceHistory: PresenceHistory;
  readonly lockouts: Lockouts;
  private readonly deleteInbox;
  readonly rooms: RoomStore;

  private constructor(private readonly db: Db) {
    this.users = new Users(db);
    this.blocks = new Blocks(db);
    this.inbox = new Inbox(db);
    this.presenceHistory = new PresenceHistory(db);
    this.lockouts = new Lockouts(db);
    this.deleteInbox = db.prepare<[string]>('DELETE FROM inbox WHERE recipient = ?');
    this.rooms = new RoomStore(db);
  }

  static open(file: string, options: OpenDatabaseOptions = {}): ChatStore {
    return new ChatStore(openDatabase(file, options));
  }

  /** Runs `work` in one transaction: one commit for many writes. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /**
   * Deletes an account and everything stored for it, in one transaction: its stored messages,
   * blocks made by it and against it, its presence history, its lock, its room memberships. The
   * seq high-water mark stays, so a new account of the same name never gets a seq a client of the
   * old one already has. Returns false when there was no such account.
   */
  removeAccount(username: string): boolean {
    if (!this.users.exists(username)) return false;
    this.transaction(() => {
      this.rooms.removeUser(username);
      this.deleteInbox.run(username);
      this.blocks.removeAllOf(username);
      this.presenceHistory.forget(username);
      this.lockouts.delete(username);
      this.users.delete(username);
    });
    return true;
  }

  /** Every account, sorted by name, with when it was last seen. */
  accounts(): StoredAccount[] {
    const lastSeen = this.presenceHistory.lastSeenAll();
    return this.users.list().map((username) => ({ username, lastSeen: lastSeen.get(username) }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
