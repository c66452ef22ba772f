/**
 * The TCP session with a Parley server: every request of the protocol as a typed async method
 * that resolves with the 2xx body or rejects with a ParleyError carrying the status and the
 * server's message; pushes as typed events; and the session's state.
 */
import type { Socket } from 'node:net';
import {
  describeIssues,
  isPushRoute,
  isRoomItemRoute,
  roomItemPush,
  type RoomItemPush,
  type RoomItemRoute,
  pushSchemas,
  requestSchemas,
  responseSchemas,
  Status,
  type ByeReason,
  type PresenceChange,
  type PushBody,
  type PushRoute,
  type RequestBody,
  type RequestRoute,
  type ResponseBody,
  type ResponseFrame,
  type RouteFrame,
} from '../../src-shared/protocol/index.js';
import type { DisconnectReason, SessionState } from '../../src-shared/api/model.js';
import { FrameChannel, responseText } from './frame-channel.js';
import { openSocket } from './open-socket.js';
import { NO_STATUS, ParleyError } from './parley-error.js';
import type { ServerIdentity, TlsPolicy } from './server-trust.js';
import { TypedEmitter } from './typed-emitter.js';

export type { DisconnectReason, SessionState };

/**
 * One event per push route; `presence` is always one user's change, whether the server sent it as a
 * 1.1 frame or inside a 1.2 batch (which this session asks for and unpacks in order).
 */
export type SessionPushEvents = { [R in Exclude<PushRoute, 'presence'>]: PushBody<R> } & {
  presence: PresenceChange;
};

/** Which conversation a relation, receipt or typing request is about (protocol 1.2). */
export type Conversation = { readonly to: string } | { readonly room: string };

export interface SessionEvents extends SessionPushEvents {
  /**
   * An item of a room's stream (protocol 1.2): its route and body. Room items never come as the
   * route's own event, so a `message` listener sees direct messages only. Ack with `ackRoom`.
   */
  roomItem: { readonly route: RoomItemRoute; readonly item: RoomItemPush };
  state: { readonly state: SessionState; readonly previous: SessionState };
  /** Emitted once per connection, when its socket has closed. `message` is the server's last
   *  unsolicited error (e.g. `server full`) or the socket error, when there was one. */
  disconnected: { readonly reason: DisconnectReason; readonly message?: string };
  /** An error response nobody was waiting for, e.g. `[503] server full` or `[413] frame too large`. */
  notice: { readonly status: number; readonly message: string };
  /** The server sent something this client cannot read; it is ignored. */
  protocolError: { readonly message: string };
}

export interface ServerSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
  /** See FrameChannelOptions.requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
  /** How long logout waits for the server to close the connection before closing it itself. */
  readonly closeWaitMs?: number;
  /** TLS settings per server address; absent or undefined for an address: plain TCP. */
  readonly tls?: TlsPolicy;
}

export class ServerSession extends TypedEmitter<SessionEvents> {
  private channel: FrameChannel | undefined;
  private current: SessionState = 'disconnected';
  private user: string | undefined;
  private bye: ByeReason | undefined;
  private loggedOut = false;
  private closedByUs = false;
  private lastNotice: string | undefined;

  private address: { host: string; port: number };
  private connections = 0;
  private trusted: ServerIdentity | undefined;

  constructor(private readonly options: ServerSessionOptions) {
    super();
    this.address = { host: options.host, port: options.port };
  }

  /** The server this session connects to. */
  get server(): { host: string; port: number } {
    return { ...this.address };
  }

  /** Points the next connect() at another server; only while not connected. */
  setServer(address: { host: string; port: number }): void {
    if (this.isConnected) throw new ParleyError(Status.conflict, 'disconnect before changing the server');
    this.address = { host: address.host, port: address.port };
  }

  /** How the server of the current (or last) connection was trusted, and its fingerprint. */
  get identity(): ServerIdentity | undefined {
    return this.trusted;
  }

  /** Counts connections: tells a frame of this connection from one of an earlier one. */
  get connectionId(): number {
    return this.connections;
  }

  get state(): SessionState {
    return this.current;
  }

  /** The logged-in username, kept after logout or timeout so a UI can still show whose data it is. */
  get username(): string | undefined {
    return this.user;
  }

  get isConnected(): boolean {
    return this.channel !== undefined && !this.channel.closed;
  }

  /** The local address of the connection to the server: the interface peers can reach us on. */
  get localAddress(): string | undefined {
    return this.channel?.socket.localAddress;
  }

  /** Opens the TCP connection. Rejects with NO_STATUS when the server can't be reached. */
  async connect(): Promise<void> {
    if (this.channel && !this.channel.closed) throw new ParleyError(NO_STATUS, 'already connected');
    this.setState('connecting');
    let socket: Socket;
    try {
      const opened = await openSocket(
        this.address,
        this.options.tls?.(this.address),
        this.options.connectTimeoutMs ?? 10_000,
      );
      socket = opened.socket;
      this.trusted = opened.identity;
    } catch (error) {
      this.setState('disconnected');
      throw error;
    }
    this.attach(socket);
    this.setState('connected');
  }

  register(username: string, password: string): Promise<ResponseBody<'register'>> {
    return this.request('register', { username, password });
  }

  async login(username: string, password: string, p2pPort?: number): Promise<ResponseBody<'login'>> {
    // 1.2 presence batches: one frame per window instead of one per user who came or went.
    const body: RequestBody<'login'> =
      p2pPort === undefined
        ? { username, password, presenceBatch: true }
        : { username, password, p2pPort, presenceBatch: true };
    // Logged in from the answer on, before the offline messages pushed right behind it.
    return this.request('login', body, (reply) => {
      this.user = reply.username;
      this.loggedOut = false;
      this.setState('logged-in');
    });
  }

  message(to: string, text: string, replyTo?: string): Promise<ResponseBody<'message'>> {
    return this.request('message', replyTo === undefined ? { to, text } : { to, text, replyTo });
  }

  // Protocol 1.2: rooms.

  roomCreate(
    room: string,
    options: { private?: boolean; topic?: string } = {},
  ): Promise<ResponseBody<'roomcreate'>> {
    return this.request('roomcreate', { room, ...options });
  }

  async rooms(): Promise<ResponseBody<'rooms'>['rooms']> {
    return (await this.request('rooms', {})).rooms;
  }

  roomJoin(room: string): Promise<ResponseBody<'roomjoin'>> {
    return this.request('roomjoin', { room });
  }

  async roomInvite(room: string, user: string): Promise<void> {
    await this.request('roominvite', { room, user });
  }

  async roomLeave(room: string): Promise<void> {
    await this.request('roomleave', { room });
  }

  async roomKick(room: string, user: string): Promise<void> {
    await this.request('roomkick', { room, user });
  }

  async roomTopic(room: string, topic: string): Promise<void> {
    await this.request('roomtopic', { room, topic });
  }

  async roomMembers(room: string): Promise<ResponseBody<'roommembers'>['members']> {
    return (await this.request('roommembers', { room })).members;
  }

  /** A room message; resolves with its id, seq and ts once the server has stored it. */
  roomMessage(room: string, text: string, replyTo?: string): Promise<ResponseBody<'message'>> {
    return this.request('message', replyTo === undefined ? { room, text } : { room, text, replyTo });
  }

  history(room: string, page: { before?: number; limit?: number } = {}): Promise<ResponseBody<'history'>> {
    return this.request('history', { room, ...page });
  }

  /** Moves this member's delivery cursor in `room` up to `seq` (cumulative). */
  async ackRoom(room: string, seq: number): Promise<void> {
    await this.request('ack', { room, seq });
  }

  // Protocol 1.2: relations, receipts and typing, direct (`{to}`) or in a room (`{room}`).

  edit(conversation: Conversation, id: string, text: string): Promise<ResponseBody<'edit'>> {
    return this.request('edit', { ...conversation, id, text });
  }

  async deleteMessage(conversation: Conversation, id: string): Promise<void> {
    await this.request('delete', { ...conversation, id });
  }

  async react(conversation: Conversation, id: string, emoji: string, on: boolean): Promise<void> {
    await this.request('react', { ...conversation, id, emoji, on });
  }

  /** Direct: `upTo` is the id of the last message read; room: its seq. */
  async read(conversation: Conversation, upTo: string | number): Promise<void> {
    await this.request('read', { ...conversation, upTo });
  }

  async typing(conversation: Conversation, active: boolean): Promise<void> {
    await this.request('typing', { ...conversation, active });
  }

  broadcast(text: string): Promise<ResponseBody<'broadcast'>> {
    return this.request('broadcast', { text });
  }

  async whoelse(): Promise<string[]> {
    return (await this.request('whoelse', {})).users;
  }

  async whoelseSince(seconds: number): Promise<string[]> {
    return (await this.request('whoelsesince', { seconds })).users;
  }

  async block(user: string): Promise<void> {
    await this.request('block', { user });
  }

  async unblock(user: string): Promise<void> {
    await this.request('unblock', { user });
  }

  async blocklist(): Promise<string[]> {
    return (await this.request('blocklist', {})).users;
  }

  async ping(): Promise<void> {
    await this.request('ping', {});
  }

  async active(): Promise<void> {
    await this.request('active', {});
  }

  async startPrivate(user: string): Promise<string> {
    return (await this.request('startprivate', { user })).requestId;
  }

  async cancelPrivate(requestId: string): Promise<void> {
    await this.request('cancelprivate', { requestId });
  }

  /** Acknowledges every direct message up to `seq` (cumulative). */
  async ack(seq: number): Promise<void> {
    await this.request('ack', { seq });
  }

  /** Resolves with the one-time token the peer will present when it accepted, else undefined. */
  async privateAnswer(requestId: string, accept: boolean): Promise<string | undefined> {
    return (await this.request('privateanswer', { requestId, accept })).token;
  }

  /** 1.2: registered usernames starting with `prefix` (ignoring case), less those who block us. */
  async users(prefix: string, limit?: number): Promise<string[]> {
    return (await this.request('users', limit === undefined ? { prefix } : { prefix, limit })).users;
  }

  /** 1.2: a wrong `old` is refused with 401 and counts toward the lockout. */
  async changePassword(oldPassword: string, newPassword: string): Promise<void> {
    await this.request('password', { old: oldPassword, new: newPassword });
  }

  /** 1.2: deletes the account; resolves once the server has closed the connection (`logged-out`). */
  async unregister(password: string): Promise<void> {
    const channel = this.channel;
    await this.request('unregister', { password });
    await this.awaitClose(channel);
  }

  /** Logs out and resolves once the server has closed the connection (state `logged-out`). */
  async logout(): Promise<void> {
    const channel = this.channel;
    await this.request('logout', {});
    await this.awaitClose(channel);
  }

  /** After a 200 the server closes: the session counts it as logged out, not as lost. */
  private async awaitClose(channel: FrameChannel | undefined): Promise<void> {
    this.loggedOut = true;
    if (channel && !channel.closed) {
      const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
      const timer = setTimeout(() => channel.destroy(), this.options.closeWaitMs ?? 2000);
      await closed;
      clearTimeout(timer);
    }
  }

  /** Drops the connection without logging out (the server logs the user out when it notices). */
  close(): Promise<void> {
    const channel = this.channel;
    if (!channel || channel.closed) return Promise.resolve();
    this.closedByUs = true;
    const closed = new Promise<void>((resolve) => channel.once('close', () => resolve()));
    channel.destroy();
    return closed;
  }

  /** Sends any request of the protocol; the body is checked against its schema before it leaves. */
  async request<R extends RequestRoute>(
    route: R,
    body: RequestBody<R>,
    onSuccess?: (reply: ResponseBody<R>) => void,
  ): Promise<ResponseBody<R>> {
    const checked = requestSchemas[route].safeParse(body);
    if (!checked.success) throw new ParleyError(Status.badRequest, describeIssues(checked.error));
    if (!this.channel) throw new ParleyError(NO_STATUS, 'not connected to the server');
    const frame = await this.channel.request(route, checked.data, (answer) => {
      if (!onSuccess || typeof answer.body === 'string') return;
      const parsed = responseSchemas[route].safeParse(answer.body);
      if (parsed.success) onSuccess(parsed.data as ResponseBody<R>);
    });
    return readResponse(route, frame);
  }

  private attach(socket: Socket): void {
    const channel = new FrameChannel(socket, { requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000 });
    this.channel = channel;
    this.connections += 1;
    this.bye = undefined;
    this.loggedOut = false;
    this.closedByUs = false;
    this.lastNotice = undefined;
    channel.setRouteHandler((frame) => this.onPush(frame));
    channel.on('unmatched', (frame) => {
      const message = responseText(frame);
      this.lastNotice = message;
      this.emit('notice', { status: frame.status, message });
    });
    channel.on('badFrame', (error) => {
      const detail = error.kind === 'too-large' ? 'a frame too large' : `a malformed frame (${error.reason})`;
      this.emit('protocolError', { message: `the server sent ${detail}` });
    });
    channel.on('close', ({ error }) => {
      if (this.channel === channel) this.channel = undefined;
      const reason: DisconnectReason = this.loggedOut
        ? 'logout'
        : (this.bye ?? (this.closedByUs ? 'closed' : 'lost'));
      const message = this.lastNotice ?? error?.message;
      this.setState(reason === 'logout' ? 'logged-out' : reason === 'timeout' ? 'timed-out' : 'disconnected');
      this.emit('disconnected', message === undefined ? { reason } : { reason, message });
    });
  }

  private onPush(frame: RouteFrame): void {
    if (
      typeof frame.body.room === 'string' &&
      typeof frame.body.seq === 'number' &&
      isRoomItemRoute(frame.route)
    ) {
      const item = roomItemPush.safeParse(frame.body);
      if (item.success) this.emit('roomItem', { route: frame.route, item: item.data });
      else
        this.emit('protocolError', {
          message: `bad [${frame.route}] room item: ${describeIssues(item.error)}`,
        });
      return;
    }
    if (!isPushRoute(frame.route)) {
      this.emit('protocolError', { message: `unknown push [${frame.route}]` });
      return;
    }
    const parsed = pushSchemas[frame.route].safeParse(frame.body);
    if (!parsed.success) {
      this.emit('protocolError', { message: `bad [${frame.route}] push: ${describeIssues(parsed.error)}` });
      return;
    }
    if (frame.route === 'bye') this.bye = (parsed.data as PushBody<'bye'>).reason;
    if (frame.route === 'presence') {
      const presence = parsed.data as PushBody<'presence'>;
      if ('users' in presence) for (const change of presence.users) this.emit('presence', change);
      else this.emit('presence', presence);
      return;
    }
    this.emitPush(frame.route, parsed.data as PushBody<Exclude<PushRoute, 'presence'>>);
  }

  private emitPush<R extends Exclude<PushRoute, 'presence'>>(route: R, body: PushBody<R>): void {
    (this.emit as (event: R, payload: PushBody<R>) => void)(route, body);
  }

  private setState(next: SessionState): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    this.emit('state', { state: next, previous });
  }
}

function readResponse<R extends RequestRoute>(route: R, frame: ResponseFrame): ResponseBody<R> {
  if (typeof frame.body === 'string')
    throw new ParleyError(frame.status, frame.body || `status ${frame.status}`);
  const parsed = responseSchemas[route].safeParse(frame.body);
  if (!parsed.success) {
    throw new ParleyError(NO_STATUS, `unreadable answer to [${route}]: ${describeIssues(parsed.error)}`);
  }
  return parsed.data as ResponseBody<R>;
}
