/**
 * One SQLite transaction per event-loop turn for local history's writes. A backlog arrives as
 * hundreds of messages per turn; a commit each made saving them cost one WAL append per message
 * (scenario 8: ~500 messages/s). The first write of a turn opens the transaction, the commit
 * runs at setImmediate, and `committed()` says when what was written so far is durable: a
 * received message is acknowledged to the server only after that (saved before acked).
 */
import type { HistoryDb } from './history-db.js';

interface Turn {
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

export class TurnTransaction {
  private turn: Turn | undefined;
  /** Commits made so far (for tests: a backlog must not cost one each). */
  commits = 0;

  constructor(private readonly db: HistoryDb) {}

  /** Runs `write` inside this turn's transaction. */
  run<T>(write: () => T): T {
    if (this.turn === undefined) this.begin();
    try {
      return write();
    } catch (error) {
      // Some errors (a full disk) make SQLite roll the whole transaction back: then the earlier
      // writes of this turn are gone too, and nobody waiting for them may hear they are saved.
      if (!this.db.inTransaction) this.fail(error);
      throw error;
    }
  }

  /** Resolves once every write made so far is committed; rejects if their commit failed. */
  committed(): Promise<void> {
    return this.turn?.done ?? Promise.resolve();
  }

  /** Commits now (before the database closes). */
  flushNow(): void {
    const turn = this.turn;
    if (turn === undefined) return;
    this.turn = undefined;
    try {
      this.db.exec('COMMIT');
      this.commits++;
      turn.resolve();
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      turn.reject(error);
    }
  }

  private begin(): void {
    this.db.exec('BEGIN');
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Nobody may have to wait for this turn; a failure still reaches those who do.
    done.catch(() => undefined);
    const turn: Turn = { done, resolve, reject };
    this.turn = turn;
    setImmediate(() => {
      if (this.turn === turn) this.flushNow();
    });
  }

  private fail(error: unknown): void {
    const turn = this.turn;
    this.turn = undefined;
    turn?.reject(error);
  }
}
