/** The server's shared state and the few operations that several handlers need. */
import type { ChatStore } from '../store/chat-store.js';
import {
  singleProcessRelay,
  type ChatStorage,
  type DirectDelivery,
  type LockoutPolicy,
  type Relay,
  type SessionRegistry,
} from './backend.js';
import type { ScryptParams } from '../store/password.js';
import { IdGenerator } from './ids.js';
import { PerAddressWindow } from './limits.js';
import { Lockout } from './lockout.js';
import { OnlineIndex } from './online.js';
import type { ServerOptions } from './options.js';
import { PrivateRequests } from './private-requests.js';
import { PresenceBatcher } from './presence-batcher.js';
import { encodeRoute } from '../../src-shared/protocol/index.js';
import { Delivery } from './delivery.js';
import { tellRecipientCancelled } from './handlers/private-chat.js';
import type { LoggedInSession, Session } from './session.js';
import { RoomService } from './rooms/room-service.js';
import { TypingGate } from './typing-gate.js';

export type LogEvent =
  'login' | 'logout' | 'timeout' | 'lockout' | 'disconnect' | 'shutdown' | 'error' | 'account';
export type Logger = (event: LogEvent, detail: string) => void;

/** How a logged-in session ended, as the log and the presence history see it. */
export type SessionEnd = 'logout' | 'timeout' | 'disconnect' | 'shutdown';

/**
 * The parts a shared backend (Redis, src-main/server/cluster) puts in place of the single-process
 * ones. Built from the context's options and local SQLite store; `attach` runs once the context is
 * complete (the backend pushes to its sessions and ends them).
 */
export interface SharedParts {
  readonly store: ChatStorage;
  readonly online: OnlineIndex;
  readonly lockout: LockoutPolicy;
  readonly sessions: SessionRegistry;
  readonly relay: Relay;
  readonly presence: PresenceBatcher;
  readonly delivery: DirectDelivery;
  /** False while rooms are not shared across nodes: room routes answer 503. */
  readonly sharesRooms: boolean;
  attach(ctx: ServerContext): void;
  /** Connects (before the server listens); rejects when the shared store cannot be used. */
  start(): Promise<void>;
  /** After every session has ended. */
  stop(): Promise<void>;
}

export type SharedBackend = (base: {
  readonly options: ServerOptions;
  readonly clock: () => number;
  readonly log: Logger;
}) => SharedParts;

export class ServerContext {
  readonly online: OnlineIndex;
  readonly ids = new IdGenerator();
  readonly lockout: LockoutPolicy;
  readonly sessions: SessionRegistry;
  readonly relay: Relay;
  readonly store: ChatStorage;
  readonly sharesRooms: boolean;
  /** The shared backend, when there is one. */
  readonly shared: SharedParts | undefined;
  readonly loginThrottle: PerAddressWindow;
  readonly registrationThrottle: PerAddressWindow;
  readonly privateRequests: PrivateRequests;
  readonly presence: PresenceBatcher;
  readonly delivery: DirectDelivery;
  readonly rooms: RoomService;
  readonly inviteThrottle: PerAddressWindow;
  readonly historyThrottle: PerAddressWindow;
  readonly typing = new TypingGate();

  constructor(
    readonly options: ServerOptions,
    /** The SQLite store: everything on one process; on a shared backend, only what is not shared yet. */
    readonly local: ChatStore,
    readonly passwordParams: ScryptParams,
    readonly clock: () => number,
    readonly log: Logger,
    shared?: SharedBackend,
  ) {
    const parts = shared?.({ options, clock, log });
    this.shared = parts;
    this.store = parts?.store ?? local;
    this.online = parts?.online ?? new OnlineIndex();
    this.lockout = parts?.lockout ?? new Lockout(options.blockDurationMs, local.lockouts, clock());
    this.sessions = parts?.sessions ?? localSessions(this.online);
    this.relay = parts?.relay ?? singleProcessRelay;
    this.sharesRooms = parts?.sharesRooms ?? true;
    this.loginThrottle = new PerAddressWindow(options.limits.failedLoginsPerMinute);
    this.registrationThrottle = new PerAddressWindow(options.limits.registrationsPerMinute);
    this.privateRequests = new PrivateRequests(options.privateRequestTtlMs);
    this.presence =
      parts?.presence ?? new PresenceBatcher(this.online, this.store.blocks, options.presenceBatchMs);
    this.delivery = parts?.delivery ?? this.localDelivery();
    this.rooms = new RoomService(local, this.delivery, this.online, this.delivery.window, (error) =>
      log('error', `rooms: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inviteThrottle = new PerAddressWindow(options.limits.invitesPerMinute);
    this.historyThrottle = new PerAddressWindow(options.limits.historyPerMinute);
    parts?.attach(this);
  }

  private localDelivery(): Delivery {
    const { options, log } = this;
    return new Delivery(
      this.local,
      {
        holdMs: options.deliveryHoldMs,
        // Direct messages in flight must never be what trips the hard output limit.
        window: {
          messages: Math.max(1, options.deliveryWindow.messages),
          bytes: Math.min(options.deliveryWindow.bytes, Math.floor(options.limits.hardOutputBytes / 4)),
        },
      },
      (error) => log('error', `storing messages: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /**
   * Logs a session out: its unacknowledged messages, presence, history, and the private-chat
   * requests it leaves behind.
   */
  endSession(session: Session, how: SessionEnd): void {
    const user = session.username;
    if (user === undefined || this.online.get(user) !== session) return;
    this.online.remove(session);
    this.sessions.release(session as LoggedInSession, this.clock());
    this.delivery.detach(session);
    this.rooms.detach(session);
    this.typing.forget(user);
    this.tolerate(this.store.presenceHistory.loggedOut(user, this.clock()), 'presence history');
    for (const request of this.privateRequests.removeUser(user)) {
      if (request.to === user) {
        this.online
          .get(request.from)
          ?.push(encodeRoute('privaterejected', { requestId: request.requestId, user, reason: 'offline' }));
      } else tellRecipientCancelled(this, request, 'offline');
    }
    // At shutdown everyone leaves at once and hears `[bye] shutdown`; n² presence pushes would tell nothing.
    if (how !== 'shutdown') this.presence.announce(user, false);
    this.log(how === 'timeout' ? 'timeout' : how === 'logout' ? 'logout' : 'disconnect', `${user} (${how})`);
  }

  /** A write whose failure only the log hears of (the session it was for is over already). */
  tolerate(pending: unknown, what: string): void {
    if (pending instanceof Promise) {
      pending.catch((error: unknown) =>
        this.log('error', `${what}: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
}

/** One process: the online index is the registry. */
function localSessions(online: OnlineIndex): SessionRegistry {
  return {
    claim(session) {
      if (online.has(session.username)) return false;
      online.add(session);
      return true;
    },
    release() {},
  };
}
