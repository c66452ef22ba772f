/**
 * The client facade the terminal, the Electron shell and browser mode all drive: one server
 * session, private chats, and the chat model kept in step with both. Every command resolves with
 * its result or rejects with a ParleyError (status + the server's message); everything that
 * happens is one typed event.
 */
import { retryWithBackoff, type BackoffOptions } from './backoff.js';
import { ChatModel, type ChatMessage } from './chat-model.js';
import {
  CLIENT_EVENT_NAMES,
  type ClientEvent,
  type ClientEvents,
  type ClientSnapshot,
} from './client-events.js';
import { NO_STATUS, ParleyError, errorMessage } from './parley-error.js';
import { PrivateChats, type PrivateChatsOptions, type StopReason } from './private-chats.js';
import { ServerSession, type SessionState } from './server-session.js';
import { TypedEmitter } from './typed-emitter.js';

export interface ParleyClientOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly p2p?: PrivateChatsOptions;
  readonly maxMessagesPerConversation?: number;
}

export class ParleyClient extends TypedEmitter<ClientEvents> {
  readonly session: ServerSession;
  readonly model: ChatModel;
  private readonly chats: PrivateChats;
  private credentials: { username: string; password: string } | undefined;

  constructor(options: ParleyClientOptions) {
    super();
    this.session = new ServerSession({
      host: options.host,
      port: options.port,
      ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    });
    this.model = new ChatModel(
      options.maxMessagesPerConversation === undefined
        ? {}
        : { maxMessagesPerConversation: options.maxMessagesPerConversation },
    );
    this.chats = new PrivateChats(this.session, options.p2p ?? {});
    this.wireSession();
    this.wirePrivateChats();
  }

  /** Calls `listener` with every event, tagged with its name; returns the unsubscribe function. */
  onAny(listener: (event: ClientEvent) => void): () => void {
    const offs = CLIENT_EVENT_NAMES.map((type) =>
      this.on(type, (payload) => listener({ type, ...payload } as ClientEvent)),
    );
    return () => {
      for (const off of offs) off();
    };
  }

  get state(): SessionState {
    return this.session.state;
  }

  get username(): string | undefined {
    return this.session.username;
  }

  /** Users with an open private chat. */
  get privateChats(): string[] {
    return this.chats.openChats;
  }

  /** Private chat requests waiting for this user's answer, oldest first. */
  get privateRequests(): { requestId: string; from: string }[] {
    return this.chats.pendingRequests;
  }

  /** The port peers connect to, once logged in. */
  get p2pPort(): number | undefined {
    return this.chats.listenerPort;
  }

  snapshot(): ClientSnapshot {
    return {
      state: this.state,
      username: this.username,
      online: this.model.onlineUsers(),
      blocked: this.model.blockedUsers(),
      conversations: this.model.allConversations(),
      privateChats: this.privateChats,
      privateRequests: this.privateRequests,
    };
  }

  /** Opens the connection; login and register do it themselves when needed. */
  async connect(): Promise<void> {
    if (!this.session.isConnected) await this.session.connect();
  }

  async register(username: string, password: string): Promise<void> {
    await this.connect();
    await this.session.register(username, password);
  }

  /**
   * Connects if needed, binds the private-chat listener to the interface that reaches the
   * server, logs in announcing its port, then loads who is online and the block list.
   */
  async login(username: string, password: string): Promise<void> {
    await this.connect();
    let p2pPort: number | undefined;
    try {
      p2pPort = await this.chats.listen(this.session.localAddress ?? '127.0.0.1');
    } catch (error) {
      this.emit('notice', { message: `private chats are unavailable: ${errorMessage(error)}` });
    }
    // Reset first: offline messages are pushed right behind the login answer.
    this.model.reset(username);
    await this.session.login(username, password, p2pPort);
    this.credentials = { username, password };
    const [online, blocked] = await Promise.all([this.session.whoelse(), this.session.blocklist()]);
    this.model.setOnline(online);
    this.model.setBlocked(blocked);
    this.emit('online-users', { users: this.model.onlineUsers() });
    this.emit('blocklist', { users: this.model.blockedUsers() });
  }

  /** Logs in again with the last credentials, retrying with backoff while the server is unreachable. */
  async reconnect(options: BackoffOptions = {}): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) throw new ParleyError(NO_STATUS, 'not logged in before');
    await retryWithBackoff(() => this.login(credentials.username, credentials.password), {
      ...options,
      shouldRetry: (error) =>
        error instanceof ParleyError && (error.status === NO_STATUS || error.status === 503),
    });
  }

  async sendMessage(to: string, text: string): Promise<ChatMessage> {
    const pending = this.addOutgoing('direct', to, text);
    try {
      const reply = await this.session.message(to, text);
      return this.settle(pending, {
        state: reply.delivered ? 'delivered' : 'stored',
        id: reply.id,
        ts: reply.ts,
      });
    } catch (error) {
      this.settle(pending, { state: 'refused', reason: errorMessage(error) });
      throw error;
    }
  }

  /** Resolves with the sent message; `skipped` counts online users who block this one. */
  async broadcast(text: string): Promise<{ message: ChatMessage; skipped: number }> {
    const pending = this.addOutgoing('broadcast', undefined, text);
    try {
      const reply = await this.session.broadcast(text);
      const message = this.settle(pending, {
        state: 'sent',
        id: reply.id,
        ts: reply.ts,
        skipped: reply.skipped,
      });
      return { message, skipped: reply.skipped };
    } catch (error) {
      this.settle(pending, { state: 'refused', reason: errorMessage(error) });
      throw error;
    }
  }

  async whoelse(): Promise<string[]> {
    const users = await this.session.whoelse();
    this.model.setOnline(users);
    this.emit('online-users', { users: this.model.onlineUsers() });
    return users;
  }

  whoelseSince(seconds: number): Promise<string[]> {
    return this.session.whoelseSince(seconds);
  }

  async block(user: string): Promise<void> {
    await this.session.block(user);
    this.model.setBlock(user, true);
    this.emit('blocklist', { users: this.model.blockedUsers() });
  }

  async unblock(user: string): Promise<void> {
    await this.session.unblock(user);
    this.model.setBlock(user, false);
    this.emit('blocklist', { users: this.model.blockedUsers() });
  }

  async blocklist(): Promise<string[]> {
    const users = await this.session.blocklist();
    this.model.setBlocked(users);
    return users;
  }

  /** Asks `user` for a private chat; `private-started` or `private-rejected` follows. */
  startPrivate(user: string): Promise<string> {
    return this.chats.start(user);
  }

  answerPrivate(requestId: string, accept: boolean): Promise<void> {
    return this.chats.answer(requestId, accept);
  }

  /** Sends peer to peer; resolves once the peer acknowledged it. Also tells the server we are active. */
  async sendPrivate(user: string, text: string): Promise<ChatMessage> {
    if (!this.chats.openChats.includes(user)) throw new ParleyError(404, `no private chat with ${user}`);
    const pending = this.addOutgoing('private', user, text);
    // The server can't see peer traffic, yet it counts as activity for the inactivity timeout.
    if (this.state === 'logged-in') this.session.active().catch(() => undefined);
    try {
      const sent = await this.chats.send(user, text);
      return this.settle(pending, { state: 'delivered', id: sent.id, ts: sent.ts });
    } catch (error) {
      this.settle(pending, { state: 'refused', reason: errorMessage(error) });
      throw error;
    }
  }

  stopPrivate(user: string): Promise<void> {
    return this.chats.stop(user, 'stopped');
  }

  /** Logs out (ending every private chat with reason `logout`). Works without a server too. */
  async logout(): Promise<void> {
    try {
      if (this.session.isConnected) await this.session.logout();
    } finally {
      this.credentials = undefined;
      await this.chats.stopAll('logout');
    }
  }

  /** Closes everything without logging out: private chats end with reason `disconnect`. */
  async disconnect(): Promise<void> {
    await this.chats.stopAll('disconnect');
    await this.session.close();
  }

  private endPrivateChats(reason: StopReason): void {
    this.chats
      .stopAll(reason)
      .catch((error: unknown) => this.emit('notice', { message: errorMessage(error) }));
  }

  private addOutgoing(kind: ChatMessage['kind'], to: string | undefined, text: string): ChatMessage {
    const message = this.model.addOutgoing(kind, to, text);
    this.emit('message', { message });
    return message;
  }

  private settle(pending: ChatMessage, update: Parameters<ChatModel['settle']>[1]): ChatMessage {
    const message = this.model.settle(pending.id, update) ?? { ...pending, ...update };
    this.emit('message-updated', { message, localId: pending.id });
    return message;
  }

  private wireSession(): void {
    const session = this.session;
    session.on('state', (change) => this.emit('state', change));
    session.on('disconnected', (event) => {
      if (event.reason === 'timeout') this.endPrivateChats('timeout');
      if (event.reason === 'logout' || event.reason === 'timeout') this.credentials = undefined;
      this.emit('disconnected', event);
    });
    session.on('message', (body) =>
      this.emit('message', { message: this.model.addIncoming('direct', body) }),
    );
    session.on('broadcast', (body) =>
      this.emit('message', { message: this.model.addIncoming('broadcast', body) }),
    );
    session.on('presence', ({ user, online }) => {
      this.model.applyPresence(user, online);
      this.emit('presence', { user, online });
    });
    session.on('notice', ({ status, message }) => this.emit('notice', { status, message }));
    session.on('protocolError', ({ message }) => this.emit('notice', { message }));
  }

  private wirePrivateChats(): void {
    const chats = this.chats;
    chats.on('request', (event) => this.emit('private-request', event));
    chats.on('rejected', (event) => this.emit('private-rejected', event));
    chats.on('failed', (event) => this.emit('private-failed', event));
    chats.on('started', (event) => this.emit('private-started', event));
    chats.on('ended', (event) => this.emit('private-ended', event));
    chats.on('message', ({ user, body }) => {
      const message = this.model.addIncoming('private', { ...body, from: user });
      this.emit('message', { message });
    });
  }
}
