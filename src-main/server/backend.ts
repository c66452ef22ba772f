/**
 * The seam between the handlers and where the chat service's state lives: one SQLite file (one
 * process), or Redis shared by several nodes (src-main/server/cluster). Handlers call these
 * interfaces and do not know which is behind them.
 *
 * Methods return `Maybe<T>`: the SQLite side answers synchronously (a plain value, no Promise and
 * no extra turn on the hot path), the Redis side with a Promise. `after` chains on either without
 * making the synchronous case asynchronous. Reads on every message (does the recipient exist, has
 * it blocked the sender) stay synchronous on both: the Redis side keeps them in a node-local cache
 * invalidated over pub/sub, and its scripts check them again atomically where it matters.
 */
import type { StoredAccount } from '../store/chat-store.js';
import type { ItemKind } from './delivery.js';
import type { AckResult, WindowLimits } from './mailbox.js';
import type { ReplySlot } from './reply-queue.js';
import type { LoggedInSession, Session } from './session.js';
import type { TurnOp } from './turn-writer.js';

export type Maybe<T> = T | Promise<T>;

/** Applies `then` to the value now when it is plain, after it settles when it is a Promise. */
export function after<T, R>(value: Maybe<T>, then: (settled: T) => Maybe<R>): Maybe<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}

/** The Redis side's answer when it cannot be reached: the router sends `[503]` with this text. */
export class ServiceUnavailableError extends Error {
  constructor(detail = 'service unavailable, try again') {
    super(detail);
    this.name = 'ServiceUnavailableError';
  }
}

export interface AccountStore {
  /** Synchronous on both sides (a cache of every name, as SQLite's Users keeps). */
  exists(username: string): boolean;
  existsIgnoringCase(username: string): boolean;
  /** False when the name, or one equal to it ignoring case, is taken; the check and write are atomic. */
  create(username: string, passwordHash: string, now: number): Maybe<boolean>;
  passwordHash(username: string): Maybe<string | undefined>;
  setPasswordHash(username: string, passwordHash: string): Maybe<void>;
  findByPrefix(prefix: string, limit: number, skip: (username: string) => boolean): string[];
  list(): string[];
  readonly count: number;
}

export interface BlockStore {
  has(blocker: string, blocked: string): boolean;
  /** False when already blocked. Resolves once every node's checks hold the block. */
  add(blocker: string, blocked: string): Maybe<boolean>;
  /** False when it was not blocked. */
  delete(blocker: string, blocked: string): Maybe<boolean>;
  blockedBy(blocker: string): ReadonlySet<string> | undefined;
  listBy(blocker: string): string[];
}

export interface PresenceLog {
  recoverAfterCrash(now: number): Maybe<void>;
  loggedIn(username: string, now: number): Maybe<void>;
  loggedOut(username: string, now: number): Maybe<void>;
  /** Users online at any moment since `since`. */
  onlineSince(since: number): Maybe<string[]>;
  heartbeat(now: number): Maybe<void>;
}

/** What the handlers and the live admin read and write of accounts, blocks and presence history. */
export interface ChatStorage {
  readonly users: AccountStore;
  readonly blocks: BlockStore;
  readonly presenceHistory: PresenceLog;
  removeAccount(username: string): Maybe<boolean>;
  accounts(): StoredAccount[];
}

/** Three wrong passwords lock a name (lockout.ts); on Redis one script counts and locks. */
export interface LockoutPolicy {
  isLocked(username: string, now: number): Maybe<boolean>;
  /** Counts a wrong password; true when the name is locked now. */
  recordFailure(username: string, now: number): Maybe<boolean>;
  recordSuccess(username: string): Maybe<void>;
  lockedUntil(username: string, now: number): number | undefined;
  lock(username: string, lockedUntil: number): void;
  unlock(username: string, now: number): boolean;
  sweep(now: number): void;
}

/** One login per user across the service. */
export interface SessionRegistry {
  /**
   * Makes `session` the user's one logged-in session and adds it to the online index; false when
   * the user is logged in elsewhere (on any node). Atomic: two claims never both win.
   */
  claim(session: LoggedInSession): Maybe<boolean>;
  /** The session ended (already removed from the online index). */
  release(session: LoggedInSession, now: number): void;
}

/** What reaches the users on other nodes; nothing to do on one process. */
export interface Relay {
  /** Sends a broadcast to every other node; resolves with how many users there were skipped for blocks. */
  broadcast(from: string, frame: string): Maybe<number>;
}

/** Direct streams: seqs, windows, acks (delivery.ts on SQLite, cluster/redis-delivery.ts on Redis). */
export interface DirectDelivery {
  readonly window: WindowLimits;
  send(
    sender: { reserveReply(): ReplySlot },
    message: { id: string; from: string; to: string; text: string; ts: number },
    textJson?: string,
    kind?: ItemKind,
  ): void;
  forget(to: string, from: string, id: string): void;
  defer(op: TurnOp): void;
  attach(session: LoggedInSession): void;
  detach(session: Session): void;
  ack(session: LoggedInSession, seq: number): AckResult;
  committed(): Promise<void>;
  flushWrites(): void;
  stop(): void;
}

export const singleProcessRelay: Relay = { broadcast: () => 0 };
