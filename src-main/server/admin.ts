/**
 * The server's administration (the host is the admin): list accounts, log one out, lock or unlock
 * it, remove it. Not part of the wire protocol: the app that hosts the server and the server's own
 * command line call it. Methods are async so that a store shared by several servers can implement
 * them later; `liveAdmin` runs inside a ChatServer, `storeAdmin` on a data folder no server holds.
 */
import { encodeRoute } from '../../src-shared/protocol/index.js';
import type { ChatStore } from '../store/chat-store.js';
import { removeAccount } from './account-removal.js';
import type { ServerContext } from './context.js';

export interface AccountInfo {
  readonly username: string;
  readonly online: boolean;
  /** When the account's lock ends (ms since the epoch), or null when it is not locked. */
  readonly lockedUntil: number | null;
  /** When the user was last online (ms; the login time while online), or null when never. */
  readonly lastSeen: number | null;
}

export interface ServerAdmin {
  /** Every account, sorted by name. */
  listAccounts(): Promise<AccountInfo[]>;
  /** Ends the user's session with `[bye] {"reason":"admin"}`; resolves false when not online. */
  logOut(username: string): Promise<boolean>;
  /** Locks the name for `seconds` (logins get 403) and logs the user out. */
  lock(username: string, seconds: number): Promise<void>;
  /** Ends the lock; resolves false when the name was not locked. */
  unlock(username: string): Promise<boolean>;
  /** Logs the user out and deletes the account as [unregister] would. */
  removeAccount(username: string): Promise<void>;
}

export class AdminError extends Error {
  constructor(
    readonly code: 'no-such-user' | 'bad-argument',
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

/** A lock's length: a whole number of seconds, up to a year. */
export const MAX_LOCK_SECONDS = 365 * 24 * 3600;

function checkSeconds(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_LOCK_SECONDS) {
    throw new AdminError('bad-argument', `a lock lasts 1-${MAX_LOCK_SECONDS} whole seconds`);
  }
}

function noSuchUser(username: string): AdminError {
  return new AdminError('no-such-user', `no such user: ${username}`);
}

/** The admin of a running server: it sees who is online and ends their sessions. */
export function liveAdmin(ctx: ServerContext): ServerAdmin {
  const bye = (): string => encodeRoute('bye', { reason: 'admin' });
  const logOut = (username: string): boolean => {
    const session = ctx.online.get(username);
    if (!session) return false;
    ctx.endSession(session, 'logout');
    session.closeWith(bye());
    ctx.log('account', `${username} logged out by the administrator`);
    return true;
  };
  const known = (username: string): void => {
    if (!ctx.store.users.exists(username)) throw noSuchUser(username);
  };
  return {
    listAccounts() {
      const now = ctx.clock();
      return Promise.resolve(
        ctx.store.accounts().map(({ username, lastSeen }) => ({
          username,
          online: ctx.online.has(username),
          lockedUntil: ctx.lockout.lockedUntil(username, now) ?? null,
          lastSeen: lastSeen ?? null,
        })),
      );
    },
    logOut(username) {
      return Promise.resolve().then(() => {
        known(username);
        return logOut(username);
      });
    },
    lock(username, seconds) {
      return Promise.resolve().then(() => {
        known(username);
        checkSeconds(seconds);
        ctx.lockout.lock(username, ctx.clock() + seconds * 1000);
        ctx.log('lockout', `${username} locked for ${seconds} s by the administrator`);
        logOut(username);
      });
    },
    unlock(username) {
      return Promise.resolve().then(() => {
        known(username);
        return ctx.lockout.unlock(username, ctx.clock());
      });
    },
    removeAccount(username) {
      return Promise.resolve().then(async () => {
        known(username);
        const session = ctx.online.get(username);
        if (!(await removeAccount(ctx, username, 'administrator'))) throw noSuchUser(username);
        session?.closeWith(bye());
      });
    },
  };
}

/** The admin of a data folder with no server running (`npm run server -- admin ...`). */
export function storeAdmin(store: ChatStore, clock: () => number = Date.now): ServerAdmin {
  const known = (username: string): void => {
    if (!store.users.exists(username)) throw noSuchUser(username);
  };
  return {
    listAccounts() {
      const locks = store.lockouts.active(clock());
      return Promise.resolve(
        store.accounts().map(({ username, lastSeen }) => ({
          username,
          online: false,
          lockedUntil: locks.get(username) ?? null,
          lastSeen: lastSeen ?? null,
        })),
      );
    },
    logOut(username) {
      return Promise.resolve().then(() => {
        known(username);
        return false;
      });
    },
    lock(username, seconds) {
      return Promise.resolve().then(() => {
        known(username);
        checkSeconds(seconds);
        store.lockouts.set(username, clock() + seconds * 1000);
      });
    },
    unlock(username) {
      return Promise.resolve().then(() => {
        known(username);
        const locked = store.lockouts.active(clock()).has(username);
        store.lockouts.delete(username);
        return locked;
      });
    },
    removeAccount(username) {
      return Promise.resolve().then(() => {
        if (!store.removeAccount(username)) throw noSuchUser(username);
      });
    },
  };
}
