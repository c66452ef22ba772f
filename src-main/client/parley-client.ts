/**
 * The client facade the terminal, the app core and browser mode all drive: one server session,
 * private chats, and the chat model kept in step with both. Every command resolves with its
 * result or rejects with a ParleyError (status + the server's message); everything that happens
 * is one event of the contract (src-shared/api/events.ts), delivered from the first byte after
 * the login answer on.
 */
import { CLIENT_EVENT_NAMES, type ClientEvent, type ClientEvents } from '../../src-shared/api/events.js';
import type {
  ChatMessage,
  ClientSnapshot,
  IncomingPrivateRequest,
  OutgoingPrivateRequest,
  ServerAddress,
  SessionState,
} from '../../src-shared/api/model.js';
import { formatKey, parseKey, roomKey } from '../../src-shared/api/conversation-key.js';
import type { Relation } from '../../src-shared/api/relations.js';
import type { RoomMember, RoomSummary } from '../../src-shared/api/rooms.js';
import { Status } from '../../src-shared/protocol/index.js';
import { ReceiptSender, TypingExpiry, TypingSender } from './conversation-signals.js';
import { RoomStreams } from './room-streams.js';
import { directRelationEvent, roomItemEvent, type StoredEvent } from './stream-items.js';
import { AutoReconnect } from './auto-reconnect.js';
import type { BackoffOptions } from './backoff.js';
import { ChatModel } from './chat-model.js';
import { ChatFiles, type FileSettings } from './files/chat-files.js';
import type { TransferInfo } from './files/file-transfers.js';
import { DeliveryInbox, type DirectPush } from './delivery-inbox.js';
import type { Conversation, DirectStreamItem } from './server-session.js';
import { forwardPrivateChatEvents, forwardSessionEvents, type Emit } from './event-forwarding.js';
import { Outbox } from './outbox.js';
import { NO_STATUS, ParleyError, errorMessage, isParleyError } from './parley-error.js';
import { PrivateChats, type PrivateChatsOptions, type StopReason } from './private-chats.js';
import { ServerSession } from './server-session.js';
import { ServerTrustError, type ServerIdentity, type TlsPolicy } from './server-trust.js';
import { safetyInfo, serverId, type SafetyInfo } from './trust/safety.js';
import { TypedEmitter } from './typed-emitter.js';

export interface ParleyClientOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** TLS settings per server address (server-trust.ts); absent: plain TCP everywhere. */
  readonly tls?: TlsPolicy;
  readonly p2p?: PrivateChatsOptions;
  /** File transfers in private chats: downloads folder, size limit, where partial files wait. */
  readonly files?: FileSettings;
  readonly maxMessagesPerConversation?: number;
  /** Logging in again by itself after a lost connection or a server shutdown; false: never. */
  readonly reconnect?: BackoffOptions | false;
  /**
   * Runs for each new received direct message before it is acknowledged to the server (e.g.
   * saves it); false means "already known": acknowledged but not emitted.
   */
  readonly acceptIncoming?: (message: ChatMessage) => boolean | Promise<boolean>;
  /**
   * Protocol 1.2: runs for every other stored stream item (room items, direct edits, deletes,
   * reactions and read receipts) before it is acknowledged; false: known already, not emitted.
   */
  readonly acceptItem?: (event: StoredEvent) => boolean | Promise<boolean>;
}

export type { StoredEvent };

/** A page of room history: its items as the contract's events, oldest first. */
export interface HistoryPage {
  readonly events: StoredEvent[];
  readonly more: boolean;
}

/** Errors after which logging in again may work: no connection, server busy, old session alive. */
const RETRYABLE = new Set<number>([NO_STATUS, Status.conflict, Status.tooManyRequests, Status.unavailable]);

export class ParleyClient extends TypedEmitter<ClientEvents> {
  private readonly session: ServerSession;
  private readonly model: ChatModel;
  private readonly chats: PrivateChats;
  private readonly fileTransfers: ChatFiles;
  private readonly inbox: DeliveryInbox<DirectStreamItem>;
  private readonly rooms: RoomStreams;
  private readonly acceptItem: ParleyClientOptions['acceptItem'];
  private readonly receipts: ReceiptSender<string | number>;
  private readonly typingOut: TypingSender;
  private readonly typingIn: TypingExpiry;
  private readonly outbox: Outbox;
  private readonly reconnector: AutoReconnect;
  private readonly acceptIncoming: ParleyClientOptions['acceptIncoming'];
  private readonly reconnectEnabled: boolean;
  private readonly p2pOptions: PrivateChatsOptions;
  private credentials: { username: string; password: string } | undefined;
  /** Set by logout and disconnect: an automatic login still under way must not stay logged in. */
  private leaving = false;

  constructor(options: ParleyClientOptions) {
    super();
    this.session = new ServerSession(options);
    this.model = new ChatModel(options);
    this.p2pOptions = options.p2p ?? {};
    this.chats = new PrivateChats(this.session, this.p2pOptions);
    this.fileTransfers = new ChatFiles(options.files);
    this.chats.on('opened', ({ user, chat }) => this.fileTransfers.attach(user, chat));
    this.fileTransfers.on('offer', (transfer) => this.emit('file-offer', { transfer }));
    this.fileTransfers.on('update', (transfer) => this.emit('file-update', { transfer }));
    this.acceptIncoming = options.acceptIncoming;
    this.acceptItem = options.acceptItem;
    this.outbox = new Outbox({
      model: this.model,
      sendDirect: (to, text, replyTo) => this.session.message(to, text, replyTo),
      sendBroadcast: (text) => this.session.broadcast(text),
      sendPrivate: (user, text) => {
        // The server can't see peer traffic, yet it counts as activity for the inactivity timeout.
        if (this.state === 'logged-in') this.session.active().catch(() => undefined);
        return this.chats.send(user, text);
      },
      canSend: () => this.session.state === 'logged-in' && this.session.isConnected,
      // Logged in and expecting to be again; without automatic reconnects a send fails at once.
      mayWait: () => this.credentials !== undefined && this.reconnectEnabled,
      onAdded: (message) => this.emit('message', { message }),
      onUpdated: (message, localId) => this.emit('message-updated', { message, localId }),
    });
    this.inbox = new DeliveryInbox<DirectStreamItem>({
      save: (item) => this.saveDirectItem(item),
      show: (item) => this.showDirectItem(item),
      sendAck: (seq) => this.session.ack(seq),
      currentConnection: () => this.session.connectionId,
      onUnhandled: (item, error) =>
        this.emit('notice', {
          message: `${item.known ? `a ${item.route === 'message' ? 'message' : `[${item.route}]`} from ${item.known.body.from}` : `[${item.route}] ${item.seq}`} was not handled${error === undefined ? '' : ` (${errorMessage(error)})`}; the server will send it again at the next login`,
        }),
    });
    this.rooms = new RoomStreams({
      me: () => this.username,
      keep: (event) => (this.acceptItem ? this.acceptItem(event) : true),
      show: (event) => this.emitStored(event) || this.acceptItem !== undefined,
      sendAck: (room, seq) => this.session.ackRoom(room, seq),
      currentConnection: () => this.session.connectionId,
      onUnhandled: (room, seq, error) =>
        this.emit('notice', {
          message: `item ${seq} of #${room} was not handled${error === undefined ? '' : ` (${errorMessage(error)})`}; the server will send it again at the next login`,
        }),
    });
    this.receipts = new ReceiptSender((key, upTo) => this.session.read(conversationFor(key), upTo));
    this.typingOut = new TypingSender((key, active) => this.session.typing(conversationFor(key), active));
    this.typingIn = new TypingExpiry((key, from, active) => this.emit('typing', { key, from, active }));
    const reconnect = options.reconnect ?? {};
    this.reconnector = new AutoReconnect({
      backoff: reconnect === false ? { maxAttempts: 0 } : reconnect,
      attempt: () => this.logInAgain(),
      // A certificate that can't be trusted won't heal by itself: the user has to decide.
      shouldRetry: (error) =>
        isParleyError(error) && RETRYABLE.has(error.status) && !(error instanceof ServerTrustError),
      onScheduled: (attempt, at) => this.emit('reconnecting', { attempt, at }),
      onSucceeded: () => {
        this.emit('reconnected', { username: this.username ?? '' });
        void this.outbox.flush();
      },
      onGaveUp: (error) => this.emit('notice', { message: `could not log in again: ${errorMessage(error)}` }),
    });
    this.reconnectEnabled = reconnect !== false;
    const emit: Emit = (event, payload) => this.emit(event, payload);
    forwardSessionEvents(this.session, this.model, emit);
    forwardPrivateChatEvents(this.chats, this.model, emit);
    this.wireSession();
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

  /** The logged-in user, kept after a logout so a UI can still show whose data it is. */
  get username(): string | undefined {
    return this.session.username;
  }

  get server(): ServerAddress {
    return this.session.server;
  }

  get isConnected(): boolean {
    return this.session.isConnected;
  }

  /** Whether the server of the current (or last) connection speaks TLS, its fingerprint, and why it is trusted. */
  get serverIdentity(): ServerIdentity | undefined {
    return this.session.identity;
  }

  /** Users with an open private chat. */
  get privateChats(): string[] {
    return this.chats.openChats;
  }

  /** Private chat requests waiting for this user's answer, oldest first. */
  get privateRequests(): IncomingPrivateRequest[] {
    return this.chats.pendingRequests;
  }

  /** Private chat requests this user sent that wait for an answer. */
  get outgoingRequests(): OutgoingPrivateRequest[] {
    return this.chats.outgoingRequests;
  }

  /** The port peers connect to, once logged in. */
  get p2pPort(): number | undefined {
    return this.chats.listenerPort;
  }

  /** True from a lost connection until the client logged in again by itself or gave up. */
  get reconnecting(): boolean {
    return this.reconnector.isActive;
  }

  /** When the next automatic login attempt starts (ms, local clock), while one is scheduled. */
  get reconnectAt(): number | undefined {
    return this.reconnector.nextAttemptAt;
  }

  snapshot(): ClientSnapshot {
    const reconnectAt = this.reconnectAt;
    const username = this.username;
    return {
      state: this.state,
      ...(username === undefined ? {} : { username }),
      server: this.server,
      online: this.model.onlineUsers(),
      blocked: this.model.blockedUsers(),
      // The app core's history owns conversations and fills them in; the client keeps none.
      conversations: [],
      privateChats: this.privateChats,
      privateRequests: this.privateRequests,
      outgoingRequests: this.outgoingRequests,
      ...(reconnectAt === undefined ? {} : { reconnectAt }),
    };
  }

  /** Points the client at another server; only while not connected. */
  setServer(address: ServerAddress): void {
    this.session.setServer(address);
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
   * server, logs in announcing its port, then loads who is online and the block list. Messages
   * pushed right behind the login answer are emitted as they arrive, before this resolves.
   */
  async login(username: string, password: string): Promise<void> {
    this.reconnector.stop();
    this.leaving = false;
    await this.logIn(username, password);
    void this.outbox.flush();
  }

  /** Skips the wait of an automatic reconnect (or starts one when the connection is gone). */
  reconnectNow(): void {
    if (!this.reconnector.isActive && this.credentials && !this.session.isConnected) this.reconnector.start();
    this.reconnector.now();
  }

  /**
   * Resolves once the server took it, or at once as `queued` while the connection is down (it
   * then goes by itself after the next login, in order; `message-updated` tells how it went).
   */
  sendMessage(to: string, text: string, replyTo?: string): Promise<ChatMessage> {
    return this.outbox.direct(to, text, replyTo);
  }

  // Protocol 1.2: rooms.

  listRooms(): Promise<RoomSummary[]> {
    return this.session.rooms();
  }

  async createRoom(room: string, options: { private?: boolean; topic?: string } = {}): Promise<string> {
    return (await this.session.roomCreate(room, options)).room;
  }

  async joinRoom(room: string): Promise<string> {
    return (await this.session.roomJoin(room)).room;
  }

  inviteToRoom(room: string, user: string): Promise<void> {
    return this.session.roomInvite(room, user);
  }

  leaveRoom(room: string): Promise<void> {
    return this.session.roomLeave(room);
  }

  kickFromRoom(room: string, user: string): Promise<void> {
    return this.session.roomKick(room, user);
  }

  setTopic(room: string, topic: string): Promise<void> {
    return this.session.roomTopic(room, topic);
  }

  roomMembers(room: string): Promise<RoomMember[]> {
    return this.session.roomMembers(room);
  }

  /**
   * Sends to a room; resolves once the server stored it. Room messages are not queued while the
   * connection is down: the send is refused then, and the UI keeps the text.
   */
  async sendRoomMessage(room: string, text: string, replyTo?: string): Promise<ChatMessage> {
    if (this.state !== 'logged-in') throw new ParleyError(NO_STATUS, 'not connected to the server');
    const reply = await this.session.roomMessage(room, text, replyTo);
    const message: ChatMessage = {
      id: reply.id,
      kind: 'room',
      direction: 'out',
      from: this.username ?? '',
      room,
      text,
      ts: reply.ts,
      state: 'delivered',
      ...(reply.seq === undefined ? {} : { seq: reply.seq }),
      ...(replyTo === undefined ? {} : { replyTo }),
    };
    // Its own item may have come first: then it is out already.
    if (reply.seq === undefined || !this.rooms.markShown(room, reply.seq)) this.emit('message', { message });
    return message;
  }

  /** A page of a room's history (`[history]`), oldest first, as the contract's events. */
  async roomHistory(room: string, page: { before?: number; limit?: number } = {}): Promise<HistoryPage> {
    const { items, more } = await this.session.history(room, page);
    const events: StoredEvent[] = [];
    for (const item of items) {
      const event = roomItemEvent(String(item.type), { ...item, room }, this.username);
      if (event) events.push(event);
    }
    return { events, more };
  }

  // Protocol 1.2: relations, receipts, typing, in a conversation named by its key's string form.

  /** Edits an own message. The other side of a direct chat hears it; this side gets `relation` now. */
  async editMessage(key: string, id: string, text: string): Promise<void> {
    const conversation = conversationFor(key);
    const { ts } = await this.session.edit(conversation, id, text);
    this.ownRelation(conversation, { type: 'edit', id, from: this.username ?? '', text, ts });
  }

  async deleteMessage(key: string, id: string): Promise<void> {
    const conversation = conversationFor(key);
    await this.session.deleteMessage(conversation, id);
    this.ownRelation(conversation, { type: 'delete', id, from: this.username ?? '', ts: Date.now() });
  }

  async react(key: string, id: string, emoji: string, on: boolean): Promise<void> {
    const conversation = conversationFor(key);
    await this.session.react(conversation, id, emoji, on);
    this.ownRelation(conversation, {
      type: 'reaction',
      id,
      from: this.username ?? '',
      emoji,
      on,
      ts: Date.now(),
    });
  }

  /**
   * Tells the other side what this user has read: a direct conversation up to the message `upTo`
   * (an id), a room up to seq `upTo`. At most one per conversation per second; the newest wins.
   */
  sendReadReceipt(key: string, upTo: string | number): void {
    if (this.state === 'logged-in') this.receipts.submit(key, upTo);
  }

  /** The user types (call on every keystroke) or stopped; sent at most every 3 s, `false` once. */
  async typing(key: string, active: boolean): Promise<void> {
    if (this.state !== 'logged-in') return;
    await this.typingOut.set(key, active);
  }

  /** Messages that wait for the connection, oldest first. */
  get queuedMessages(): ChatMessage[] {
    return this.outbox.queued;
  }

  /** Sends again a message whose send failed (state `failed`): same text, same conversation. */
  retryMessage(localId: string): Promise<ChatMessage> {
    return this.outbox.retry(localId);
  }

  /** Resolves with the sent message; `skipped` counts online users who block this one. */
  broadcast(text: string): Promise<{ message: ChatMessage; skipped: number }> {
    return this.outbox.broadcast(text);
  }

  async whoelse(): Promise<string[]> {
    const users = await this.session.whoelse();
    this.model.setOnline(users);
    this.emit('online-users', { users: this.model.onlineUsers() });
    return users;
  }

  async whoelseSince(seconds: number): Promise<string[]> {
    const users = await this.session.whoelseSince(seconds);
    this.emit('recent-users', { seconds, users });
    return users;
  }

  /**
   * Blocks `user` at the server and ends what the server does not carry: a private chat with
   * them (the peer is told `blocked`), a request to them, and their request waiting here.
   */
  async block(user: string): Promise<void> {
    await this.session.block(user);
    this.model.setBlock(user, true);
    this.emit('blocklist', { users: this.model.blockedUsers() });
    await this.endPrivateWith(user, 'blocked');
  }

  async unblock(user: string): Promise<void> {
    await this.session.unblock(user);
    this.model.setBlock(user, false);
    this.emit('blocklist', { users: this.model.blockedUsers() });
  }

  async blocklist(): Promise<string[]> {
    const users = await this.session.blocklist();
    this.model.setBlocked(users);
    this.emit('blocklist', { users: this.model.blockedUsers() });
    return users;
  }

  /** Asks `user` for a private chat; `private-started` or `private-rejected` follows. */
  startPrivate(user: string): Promise<string> {
    return this.chats.start(user);
  }

  /** Withdraws a private chat request this user sent. */
  cancelPrivate(requestId: string): Promise<void> {
    return this.chats.cancel(requestId);
  }

  answerPrivate(requestId: string, accept: boolean): Promise<void> {
    return this.chats.answer(requestId, accept);
  }

  /** Sends peer to peer; resolves once the peer acknowledged it. Also tells the server we are active. */
  async sendPrivate(user: string, text: string): Promise<ChatMessage> {
    if (!this.chats.openChats.includes(user)) throw new ParleyError(404, `no private chat with ${user}`);
    return this.outbox.private(user, text);
  }

  stopPrivate(user: string): Promise<void> {
    return this.chats.stop(user, 'stopped');
  }

  /** Offers the file at `path` to `user` in the open private chat with them. */
  sendFile(user: string, path: string): Promise<TransferInfo> {
    return this.fileTransfers.send(user, path);
  }

  /** Accepts an offered file (resuming from a partial file of an earlier attempt, if any). */
  acceptFile(id: string): Promise<TransferInfo> {
    return this.fileTransfers.accept(id);
  }

  rejectFile(id: string, reason?: string): TransferInfo {
    return this.fileTransfers.reject(id, reason);
  }

  /** Stops a transfer either way; an incoming file's partial bytes are thrown away. */
  cancelFile(id: string): TransferInfo {
    return this.fileTransfers.cancel(id);
  }

  /** Offers again a file of ours that was cut off; the peer resumes where its bytes end. */
  retryFile(id: string): Promise<TransferInfo> {
    return this.fileTransfers.retry(id);
  }

  /** Every transfer of this run, both ways, ended chats' too. */
  files(): TransferInfo[] {
    return this.fileTransfers.list();
  }

  get fileSettings(): { downloadsFolder: string; maxBytes: number; partialFolder: string } {
    return this.fileTransfers.settings;
  }

  /** A new downloads folder or size limit applies to the next offer accepted. */
  setFileSettings(settings: { downloadsFolder?: string; maxBytes?: number }): void {
    this.fileTransfers.configure(settings);
  }

  /** Anyone registered whose name starts with `prefix` (ignoring case), never-online ones included. */
  findUsers(prefix: string, limit?: number): Promise<string[]> {
    return this.session.users(prefix, limit);
  }

  /** Changes the password; an automatic reconnect from now on uses the new one. */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await this.session.changePassword(oldPassword, newPassword);
    if (this.credentials) this.credentials = { ...this.credentials, password: newPassword };
  }

  /** Deletes the account on the server (which then closes): like a logout, for good. */
  async deleteAccount(password: string): Promise<void> {
    this.reconnector.stop();
    this.leaving = true;
    try {
      await this.session.unregister(password);
    } catch (error) {
      this.leaving = false;
      throw error;
    }
    this.credentials = undefined;
    await this.chats.stopAll('logout');
  }

  /** How this profile's static key is kept, in words for Settings and `help`. */
  get keyProtection(): string {
    return this.p2pOptions.keyProtection ?? 'memory only (this client keeps no profile)';
  }

  /** The safety number with `user` on this server, from the key pinned for them, and its status. */
  safety(user: string): SafetyInfo {
    const me = this.username;
    if (me === undefined) throw new ParleyError(Status.unauthorized, 'not logged in');
    return safetyInfo({
      me,
      myKeys: this.chats.staticKeys,
      user,
      server: this.pinServer,
      pins: this.chats.pins,
    });
  }

  /** Marks `user` verified (safety numbers compared) or not; only once a key of theirs is known. */
  setVerified(user: string, verified: boolean): SafetyInfo {
    if (!this.chats.pins.setVerified(this.pinServer, user, verified)) {
      throw new ParleyError(Status.notFound, `no key of ${user} yet: start a private chat with them first`);
    }
    return this.safety(user);
  }

  /** Pins the new key `user` presented after a "safety number has changed" refusal. */
  acceptNewKey(user: string): SafetyInfo {
    if (!this.chats.pins.acceptOffered(this.pinServer, user)) {
      throw new ParleyError(Status.notFound, `${user} has not presented a new key`);
    }
    return this.safety(user);
  }

  /** Where keys are pinned: the server address as the user typed it, not where it resolved. */
  private get pinServer(): string {
    return serverId(this.server);
  }

  /** Logs out (ending every private chat with reason `logout`). Works without a server too. */
  async logout(): Promise<void> {
    this.reconnector.stop();
    this.leaving = true;
    this.inbox.flushNow();
    this.rooms.flushNow();
    try {
      if (this.session.isConnected) await this.session.logout();
    } finally {
      this.credentials = undefined;
      this.outbox.abandon('you logged out before the connection came back');
      await this.chats.stopAll('logout');
    }
  }

  /** Closes everything without logging out: private chats end with reason `disconnect`. */
  async disconnect(): Promise<void> {
    this.reconnector.stop();
    this.leaving = true;
    this.outbox.abandon('the client left the server before the connection came back');
    await this.chats.stopAll('disconnect');
    await this.session.close();
  }

  private async logIn(username: string, password: string): Promise<void> {
    await this.connect();
    let p2pPort: number | undefined;
    try {
      p2pPort = await this.chats.listen(this.session.localAddress ?? '127.0.0.1');
    } catch (error) {
      this.emit('notice', { message: `private chats are unavailable: ${errorMessage(error)}` });
    }
    if (this.model.username !== undefined && this.model.username !== username) {
      this.outbox.abandon(`${username} logged in instead`);
    }
    // Ready before the answer: offline messages are pushed right behind it.
    this.model.reset(username);
    this.inbox.beginLogin(username);
    this.rooms.beginLogin(username);
    this.receipts.clear();
    this.typingOut.clear();
    await this.session.login(username, password, p2pPort);
    this.credentials = { username, password };
    let lists: [string[], string[]];
    try {
      lists = await Promise.all([this.session.whoelse(), this.session.blocklist()]);
    } catch (error) {
      // Logged in, then the connection went: the automatic reconnect takes it from here.
      if (!this.session.isConnected) return;
      throw error;
    }
    this.model.setOnline(lists[0]);
    this.model.setBlocked(lists[1]);
    this.emit('online-users', { users: this.model.onlineUsers() });
    this.emit('blocklist', { users: this.model.blockedUsers() });
  }

  private async logInAgain(): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) throw new ParleyError(Status.unauthorized, 'not logged in before');
    await this.logIn(credentials.username, credentials.password);
    if (this.leaving) {
      this.credentials = undefined;
      await this.session.close();
      throw new ParleyError(NO_STATUS, 'logged out meanwhile');
    }
    if (!this.session.isConnected) throw new ParleyError(NO_STATUS, 'the connection went again');
  }

  /** A direct-stream item: messages as in 1.1, relations through acceptItem, the rest acked unread. */
  private saveDirectItem(item: DirectStreamItem): boolean | Promise<boolean> {
    const known = item.known;
    if (known === undefined) return false;
    if (known.route === 'message') return this.saveDirect(known.body);
    const event = directRelationEvent(known);
    if (event === undefined) return false;
    return this.acceptItem ? this.acceptItem(event) : true;
  }

  private showDirectItem(item: DirectStreamItem): boolean {
    const known = item.known;
    if (known === undefined) return true;
    if (known.route === 'message') return this.showDirect(known.body);
    const event = directRelationEvent(known);
    // A relation changes how a message looks; a client that shows none of them (no listener)
    // still acknowledges it, or a run of them would fill the window and hold messages back.
    if (event !== undefined) this.emitStored(event);
    return true;
  }

  private emitStored(event: StoredEvent): boolean {
    return event.type === 'message'
      ? this.emit('message', { message: event.message })
      : this.emit('relation', { key: event.key, relation: event.relation });
  }

  /** This user's own relation: a room's stream brings it back; a direct one is told here. */
  private ownRelation(conversation: Conversation, relation: Relation): void {
    if ('room' in conversation) return;
    const key = formatKey({ kind: 'direct', peer: conversation.to });
    const event: StoredEvent = { type: 'relation', key, relation };
    const saved = this.acceptItem?.(event);
    if (saved === false) return;
    this.emitStored(event);
  }

  /** A received direct message: a new one goes through acceptIncoming (false: known already). */
  private saveDirect(push: DirectPush): boolean | Promise<boolean> {
    if (this.model.hasIncoming('direct', push)) return false;
    return this.acceptIncoming ? this.acceptIncoming(this.model.toIncoming('direct', push)) : true;
  }

  /** Then, in arrival order, to the model and out. */
  private showDirect(push: DirectPush): boolean {
    const { message, added } = this.model.addIncoming('direct', push);
    if (!added) return true;
    // Never acknowledge what nobody handled: without a listener it comes again at the next login.
    return this.emit('message', { message }) || this.acceptIncoming !== undefined;
  }

  /** Ends the private chat with `user` and any request between us; never throws (nothing to end is fine). */
  private async endPrivateWith(user: string, reason: StopReason): Promise<void> {
    const waiting = this.chats.pendingRequests.filter((request) => request.from === user);
    const ending = [
      this.chats.stop(user, reason),
      ...waiting.map((request) => this.chats.answer(request.requestId, false)),
    ];
    for (const result of await Promise.allSettled(ending)) {
      const error: unknown = result.status === 'rejected' ? result.reason : undefined;
      if (error === undefined || (isParleyError(error) && error.status === Status.notFound)) continue;
      this.emit('notice', {
        message: `the private chat with ${user} may not have ended: ${errorMessage(error)}`,
      });
    }
  }

  private endPrivateChats(reason: StopReason): void {
    this.chats
      .stopAll(reason)
      .catch((error: unknown) => this.emit('notice', { message: errorMessage(error) }));
  }

  private wireSession(): void {
    const session = this.session;
    session.on('disconnected', (event) => {
      const wasLoggedIn = this.credentials !== undefined;
      if (event.reason === 'timeout') this.endPrivateChats('timeout');
      // `admin`: the server's host logged us out; logging straight back in would undo it.
      if (event.reason === 'logout' || event.reason === 'timeout' || event.reason === 'admin')
        this.credentials = undefined;
      if (event.reason === 'timeout') this.outbox.abandon('you were logged out for inactivity');
      if (event.reason === 'admin') this.outbox.abandon('the server’s host logged you out');
      this.emit('disconnected', event);
      const serverWent = event.reason === 'lost' || event.reason === 'shutdown';
      if (serverWent && wasLoggedIn && this.reconnectEnabled) this.reconnector.start();
    });
    session.on('directItem', (item) => this.inbox.receive(item, session.connectionId));
    session.on('roomItem', ({ route, item }) => this.rooms.receive(route, item, session.connectionId));
    session.on('read', (body) => {
      // The direct one is a stream item (above); a room's is live: a member's read position.
      if (body.room === undefined || typeof body.upTo !== 'number') return;
      const relation: Relation = { type: 'read', room: body.room, from: body.from, upTo: body.upTo };
      const event: StoredEvent = { type: 'relation', key: formatKey(roomKey(body.room)), relation };
      void Promise.resolve(this.acceptItem?.(event)).then((kept) => {
        if (kept !== false) this.emitStored(event);
      });
    });
    session.on('typing', ({ from, room, active }) => {
      const key = room === undefined ? formatKey({ kind: 'direct', peer: from }) : formatKey(roomKey(room));
      this.typingIn.apply(key, from, active);
    });
    session.on('roominvited', (body) => this.emit('room-invited', body));
    session.on('disconnected', () => this.typingIn.clear());
  }
}

/** The protocol's name for a conversation: `{to}` for a direct one, `{room}` for a room. */
function conversationFor(key: string): Conversation {
  const parsed = parseKey(key);
  if (parsed?.kind === 'direct') return { to: parsed.peer };
  if (parsed?.kind === 'room') return { room: parsed.room };
  throw new ParleyError(Status.badRequest, 'only direct conversations and rooms have this');
}
