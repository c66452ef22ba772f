/**
 * The chat server: listens, accepts within the connection limits, owns the set of connections and
 * the one periodic sweep that enforces the login grace, the inactivity timeout and request expiry.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { once } from 'node:events';
import type { SecureContext } from 'node:tls';
import { encodeResponse, encodeRoute, Status, type DecodeResult } from '../../src-shared/protocol/index.js';
import type { ChatStore } from '../store/chat-store.js';
import { OWASP_SCRYPT, type ScryptParams } from '../store/password.js';
import { Connection, type ConnectionHandler } from './connection.js';
import { ServerContext, type Logger, type SharedBackend } from './context.js';
import { expirePrivateRequests } from './handlers/private-chat.js';
import { liveAdmin, type ServerAdmin } from './admin.js';
import { AddressCounter, TokenBucket } from './limits.js';
import { defaultServerOptions, type ServerOptions, type ServerOverrides } from './options.js';
import type { PresenceStats } from './presence-batcher.js';
import { route } from './router.js';
import { normalizeAddress } from './session.js';
import { openTransport, secureContextFor, type ServerTls } from './transport.js';

export interface ChatServerDeps {
  readonly store: ChatStore;
  readonly options?: ServerOverrides;
  readonly passwordParams?: ScryptParams;
  readonly clock?: () => number;
  readonly log?: Logger;
  /** Speak TLS 1.3 with this certificate; absent: plain TCP. */
  readonly tls?: ServerTls;
  /**
   * Share the chat state with other nodes (cluster/redis-backend.ts): `store` then holds only what
   * is not shared yet.
   */
  readonly shared?: SharedBackend;
}

/** How long the server waits for clients to take their `[bye]` before it cuts them off. */
const SHUTDOWN_GRACE_MS = 2_000;
const HEARTBEAT_EVERY_MS = 5_000;

export class ChatServer implements ConnectionHandler {
  readonly options: ServerOptions;
  /** Accounts, as the host (the administrator) manages them. */
  readonly admin: ServerAdmin;
  private readonly ctx: ServerContext;
  private readonly listener: Server;
  private readonly connections = new Set<Connection>();
  private readonly perAddress = new AddressCounter();
  /** Accepted sockets whose first bytes (plain or TLS?) have not arrived yet. */
  private readonly opening = new Set<Socket>();
  private readonly secureContext: SecureContext | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private nextConnectionId = 1;
  private lastHeartbeat = 0;
  private stopping: Promise<void> | undefined;

  constructor(deps: ChatServerDeps) {
    this.options = {
      ...defaultServerOptions,
      ...deps.options,
      limits: { ...defaultServerOptions.limits, ...deps.options?.limits },
    };
    this.ctx = new ServerContext(
      this.options,
      deps.store,
      deps.passwordParams ?? OWASP_SCRYPT,
      deps.clock ?? Date.now,
      deps.log ?? (() => {}),
      deps.shared,
    );
    this.secureContext = deps.tls ? secureContextFor(deps.tls) : undefined;
    this.admin = liveAdmin(this.ctx);
    this.listener = createServer({ noDelay: true }, (socket) => this.accept(socket));
  }

  /** Starts listening; resolves with the address actually bound (port 0 picks one). */
  async start(): Promise<{ host: string; port: number }> {
    await this.ctx.shared?.start();
    await this.ctx.store.presenceHistory.recoverAfterCrash(this.ctx.clock());
    this.listener.listen({ host: this.options.host, port: this.options.port, backlog: 1024 });
    await once(this.listener, 'listening');
    this.sweepTimer = setInterval(() => this.sweep(), sweepInterval(this.options));
    this.sweepTimer.unref();
    const address = this.listener.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
    return { host: address.address, port: address.port };
  }

  /** Whether clients must speak TLS to this server. */
  get secure(): boolean {
    return this.secureContext !== undefined;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  get onlineCount(): number {
    return this.ctx.online.size;
  }

  /** Calls `listener` with the online count whenever someone logs in or leaves. */
  onOnlineChange(listener: (count: number) => void): () => void {
    return this.ctx.online.onChange(listener);
  }

  /** Presence windows and writes so far (a test counts writes per window with them). */
  get presenceStats(): Readonly<PresenceStats> {
    return this.ctx.presence.stats;
  }

  /** Resolves once every message store and ack delete decided so far is committed. */
  deliveryCommitted(): Promise<void> {
    return this.ctx.delivery.committed();
  }

  /** Says `[bye] shutdown` to everyone, logs them out, and closes. Safe to call twice. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  dispatch(connection: Connection, result: DecodeResult): void | Promise<void> {
    const bucket = connection.rateBucket;
    if (bucket && !bucket.take(this.ctx.clock())) {
      connection.reply(encodeResponse(Status.tooManyRequests, 'too many requests; slow down'));
      connection.holdReading(bucket.holdOffMs());
      return;
    }
    return route(this.ctx, connection, result);
  }

  closed(connection: Connection): void {
    this.connections.delete(connection);
    this.perAddress.remove(connection.remoteAddress);
    this.ctx.endSession(connection, this.stopping ? 'shutdown' : 'disconnect');
  }

  private accept(raw: Socket): void {
    const refusal = this.refusalFor(raw);
    if (refusal) {
      raw.on('error', () => {});
      raw.end(encodeResponse(Status.unavailable, refusal));
      setTimeout(() => raw.destroy(), SHUTDOWN_GRACE_MS).unref();
      return;
    }
    const address = normalizeAddress(raw.remoteAddress);
    this.opening.add(raw);
    this.perAddress.add(address);
    const opened = (): void => {
      this.opening.delete(raw);
      this.perAddress.remove(address);
    };
    openTransport(raw, this.secureContext, this.options.loginGraceMs, {
      ready: (socket) => {
        opened();
        if (this.stopping) socket.destroy();
        else this.attach(socket);
      },
      gone: opened,
    });
  }

  private attach(socket: Socket): void {
    const now = this.ctx.clock();
    const connection = new Connection(this.nextConnectionId++, socket, this, this.options.limits, now);
    this.connections.add(connection);
    this.perAddress.add(connection.remoteAddress);
    // No bucket without a rate limit (`--rate-limit 0`): it would let everything through anyway.
    const perSecond = this.options.limits.requestsPerSecond;
    if (perSecond > 0) connection.rateBucket = new TokenBucket(perSecond, now);
  }

  private refusalFor(socket: Socket): string | undefined {
    if (this.stopping) return 'server is shutting down';
    const { maxConnections, maxConnectionsPerAddress } = this.options.limits;
    if (this.connections.size + this.opening.size >= maxConnections) return 'server full; try again later';
    const address = normalizeAddress(socket.remoteAddress);
    if (this.perAddress.count(address) >= maxConnectionsPerAddress) {
      return 'too many connections from your address';
    }
    return undefined;
  }

  private sweep(): void {
    const now = this.ctx.clock();
    const { loginGraceMs, inactivityTimeoutMs } = this.options;
    const bye = encodeRoute('bye', { reason: 'timeout' });
    for (const connection of this.connections) {
      if (connection.closed) continue;
      if (connection.username === undefined) {
        // A login already waiting for its password check is the server's delay, not the client's.
        if (now - connection.connectedAt >= loginGraceMs && !connection.busy) connection.closeWith(bye);
      } else if (inactivityTimeoutMs > 0 && now - connection.lastActivity >= inactivityTimeoutMs) {
        this.ctx.endSession(connection, 'timeout');
        connection.closeWith(bye);
      }
    }
    expirePrivateRequests(this.ctx, now);
    this.ctx.lockout.sweep(now);
    this.ctx.loginThrottle.sweep(now);
    this.ctx.registrationThrottle.sweep(now);
    this.ctx.inviteThrottle.sweep(now);
    this.ctx.historyThrottle.sweep(now);
    if (now - this.lastHeartbeat >= HEARTBEAT_EVERY_MS) {
      this.lastHeartbeat = now;
      this.ctx.tolerate(this.ctx.store.presenceHistory.heartbeat(now), 'heartbeat');
    }
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.ctx.presence.discard();
    const closedListener = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    const bye = encodeRoute('bye', { reason: 'shutdown' });
    // Sockets that have not said whether they speak TLS yet: a plain one can still read the bye.
    for (const socket of this.opening) {
      if (this.secureContext) socket.destroy();
      else socket.end(bye);
    }
    const allClosed = [...this.connections].map(async (connection) => {
      this.ctx.endSession(connection, 'shutdown');
      connection.closeWith(bye);
      await connection.whenClosed;
    });
    const timer = setTimeout(() => {
      for (const connection of this.connections) connection.destroy();
      for (const socket of this.opening) socket.destroy();
    }, SHUTDOWN_GRACE_MS);
    await Promise.all(allClosed);
    clearTimeout(timer);
    await closedListener;
    this.ctx.delivery.stop();
    await this.ctx.shared?.stop();
    this.ctx.tolerate(this.ctx.store.presenceHistory.heartbeat(this.ctx.clock()), 'heartbeat');
    this.ctx.log('shutdown', `${this.ctx.store.users.count} accounts, stopped cleanly`);
  }
}

/** Often enough that a timeout fires within a fifth of its length, and at most once a second. */
function sweepInterval({ loginGraceMs, inactivityTimeoutMs, privateRequestTtlMs }: ServerOptions): number {
  const shortest = Math.min(
    loginGraceMs,
    privateRequestTtlMs,
    inactivityTimeoutMs > 0 ? inactivityTimeoutMs : Infinity,
  );
  return Math.max(10, Math.min(1000, Math.floor(shortest / 5)));
}
