/** The server's shared state and the few operations that several handlers need. */
import type { ChatStore } from '../store/chat-store.js';
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
import type { Session } from './session.js';
import { RoomService } from './rooms/room-service.js';
import { TypingGate } from './typing-gate.js';

export type LogEvent =
  'login' | 'logout' | 'timeout' | 'lockout' | 'disconnect' | 'shutdown' | 'error' | 'account';
export type Logger = (event: LogEvent, detail: string) => void;

/** How a logged-in session ended, as the log and the presence history see it. */
export type SessionEnd = 'logout' | 'timeout' | 'disconnect' | 'shutdown';

export class ServerContext {
  readonly online = new OnlineIndex();
  readonly ids = new IdGenerator();
  readonly lockout: Lockout;
  readonly loginThrottle: PerAddressWindow;
  readonly registrationThrottle: PerAddressWindow;
  readonly privateRequests: PrivateRequests;
  readonly presence: PresenceBatcher;
  readonly delivery: Delivery;
  readonly rooms: RoomService;
  readonly inviteThrottle: PerAddressWindow;
  readonly historyThrottle: PerAddressWindow;
  readonly typing = new TypingGate();

  constructor(
    readonly options: ServerOptions,
    readonly store: ChatStore,
    readonly passwordParams: ScryptParams,
    readonly clock: () => number,
    readonly log: Logger,
  ) {
    this.lockout = new Lockout(options.blockDurationMs, store.lockouts, clock());
    this.loginThrottle = new PerAddressWindow(options.limits.failedLoginsPerMinute);
    this.registrationThrottle = new PerAddressWindow(options.limits.registrationsPerMinute);
    this.privateRequests = new PrivateRequests(options.privateRequestTtlMs);
    this.presence = new PresenceBatcher(this.online, store.blocks, options.presenceBatchMs);
    this.delivery = new Delivery(
      store,
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
    this.rooms = new RoomService(store, this.delivery, this.online, this.delivery.window, (error) =>
      log('error', `rooms: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.inviteThrottle = new PerAddressWindow(options.limits.invitesPerMinute);
    this.historyThrottle = new PerAddressWindow(options.limits.historyPerMinute);
  }

  /**
   * Logs a session out: its unacknowledged messages, presence, history, and the private-chat
   * requests it leaves behind.
   */
  endSession(session: Session, how: SessionEnd): void {
    const user = session.username;
    if (user === undefined || this.online.get(user) !== session) return;
    this.online.remove(session);
    this.delivery.detach(session);
    this.rooms.detach(session);
    this.typing.forget(user);
    const now = this.clock();
    this.store.presenceHistory.loggedOut(user, now);
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
}
