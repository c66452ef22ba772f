/** Everything the server keeps on disk, opened from one SQLite file. */
import { openDatabase, type Db, type OpenDatabaseOptions } from './database.js';
import { Blocks } from './blocks.js';
import { Inbox } from './inbox.js';
import { PresenceHistory } from './presence-history.js';
import { RoomStore } from './rooms.js';
import { Users } from './users.js';

export class ChatStore {
  readonly users: Users;
  readonly blocks: Blocks;
  readonly inbox: Inbox;
  readonly presenceHistory: PresenceHistory;
  readonly rooms: RoomStore;

  private constructor(private readonly db: Db) {
    this.users = new Users(db);
    this.blocks = new Blocks(db);
    this.inbox = new Inbox(db);
    this.presenceHistory = new PresenceHistory(db);
    this.rooms = new RoomStore(db);
  }

  static open(file: string, options: OpenDatabaseOptions = {}): ChatStore {
    return new ChatStore(openDatabase(file, options));
  }

  /** Runs `work` in one transaction: one commit for many writes. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
