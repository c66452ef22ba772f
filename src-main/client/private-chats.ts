/**
 * Private chats: the requests brokered by the server, the listener peers connect to, and the
 * open peer-to-peer chats, at most one per pair of users. Open chats outlive the server
 * connection; they end when either side stops them, logs out, times out or disconnects.
 */
import type { IncomingPrivateRequest, OutgoingPrivateRequest } from '../../src-shared/api/model.js';
import {
  Status,
  type CancelReason,
  type PeerBody,
  type PushBody,
  type RejectReason,
} from '../../src-shared/protocol/index.js';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { FrameChannel } from './frame-channel.js';
import { parleyPrologue, secureSocket } from './noise/secure-socket.js';
import { generateKeyPair, type KeyPair } from './noise/x25519.js';
import { dialPeer, E2E_VERSION, PeerConnection } from './peer-connection.js';
import type { EndedBy } from '../../src-shared/api/model.js';
import { NO_STATUS, ParleyError, errorMessage } from './parley-error.js';
import { PrivateListener } from './private-listener.js';
import type { ServerSession } from './server-session.js';
import { TypedEmitter } from './typed-emitter.js';
import { PinStore } from './trust/pin-store.js';
import { keyChangedMessage, serverId } from './trust/safety.js';

/** The `[stopprivate]` reason a responder sends when it refused the initiator's static key. */
export const KEY_REFUSED = 'your key is not the one they had for you';

/** Why this side ends a chat; the peer receives it in `[stopprivate]`. */
export type StopReason = 'stopped' | 'logout' | 'timeout' | 'disconnect' | 'blocked';

export interface PrivateChatsOptions {
  /** Bind the listener here instead of the local address of the server connection. */
  readonly host?: string;
  /** Listener port; 0 (the default) picks an ephemeral one. */
  readonly port?: number;
  /** A peer that connects and says no valid hello this long is dropped. Default 10 s. */
  readonly helloTimeoutMs?: number;
  /** Connecting to a peer and its hello answer must take less than this. Default 10 s. */
  readonly dialTimeoutMs?: number;
  /** A peer that leaves a private message unacknowledged this long is dropped. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /** This profile's static key; without one a key lives as long as this object (tests). */
  readonly staticKeys?: KeyPair;
  /** The peers' pinned keys; without one, pins live as long as this object. */
  readonly pins?: PinStore;
  /** How the static key is kept, in words (KeyStore.protection). */
  readonly keyProtection?: string;
}

export interface PrivateChatsEvents {
  /** A user asks to chat; answer with `answer(requestId, accept)`. */
  request: IncomingPrivateRequest;
  /** A request this user held ended unanswered: timed out, withdrawn, or its sender left. */
  cancelled: { readonly requestId: string; readonly from: string; readonly reason: CancelReason };
  /** Our request was refused: by the user, by the server's timeout, or because they went offline. */
  rejected: { readonly requestId: string; readonly user: string; readonly reason: RejectReason };
  /** A chat that could not open: the peer unreachable, the handshake failed, or its key changed. */
  failed: { readonly user: string; readonly message: string };
  /** For the client's own parts (file transfers): the chat's connection, just before `started`. */
  opened: { readonly user: string; readonly chat: PeerConnection };
  started: { readonly user: string; readonly initiator: boolean };
  message: { readonly user: string; readonly body: PeerBody<'private'> };
  ended: { readonly user: string; readonly by: EndedBy; readonly reason: string };
}

export class PrivateChats extends TypedEmitter<PrivateChatsEvents> {
  private listener: PrivateListener | undefined;
  private readonly outgoing = new Map<string, string>();
  private readonly incoming = new Map<string, IncomingPrivateRequest>();
  private readonly chats = new Map<string, PeerConnection>();
  private readonly dialing = new Map<string, { aborted: boolean }>();
  /** Users whose hello we answered and whose encrypted handshake is under way. */
  private readonly securing = new Map<string, { readonly socket: Socket; aborted: boolean }>();
  readonly staticKeys: KeyPair;
  readonly pins: PinStore;

  constructor(
    private readonly session: ServerSession,
    private readonly options: PrivateChatsOptions = {},
  ) {
    super();
    this.staticKeys = options.staticKeys ?? generateKeyPair();
    this.pins = options.pins ?? new PinStore();
    session.on('privaterequest', (push) => this.onRequest(push));
    session.on('privateaccepted', (push) => this.onAccepted(push));
    session.on('presence', ({ user, online }) => {
      // The server drops a requester's pending requests when they leave; so do we.
      if (!online)
        for (const request of [...this.incoming.values()])
          if (request.from === user) this.cancelIncoming(request.requestId, 'offline');
    });
    session.on('privatecancelled', (push) => this.cancelIncoming(push.requestId, push.reason));
    session.on('privaterejected', (push) => {
      if (!this.outgoing.delete(push.requestId)) return;
      this.emit('rejected', push);
    });
  }

  /** Users with an open chat. */
  get openChats(): string[] {
    return [...this.chats.keys()];
  }

  /** Requests received and not answered yet, oldest first. */
  get pendingRequests(): IncomingPrivateRequest[] {
    return [...this.incoming.values()];
  }

  /** Requests this user sent that wait for an answer, oldest first. */
  get outgoingRequests(): OutgoingPrivateRequest[] {
    return [...this.outgoing].map(([requestId, user]) => ({ requestId, user }));
  }

  /** Users we asked and who have not answered yet. */
  get pendingUsers(): string[] {
    return [...this.outgoing.values()];
  }

  get listenerPort(): number | undefined {
    return this.listener?.port;
  }

  /**
   * Makes sure the listener is bound to `host` (or the configured host) and returns its port.
   * A listener bound elsewhere (the route to the server changed) is replaced; open chats stay.
   */
  async listen(host: string): Promise<number> {
    const bindHost = this.options.host ?? host;
    if (this.listener?.host === bindHost) return this.listener.port;
    this.closeListener();
    const listener = await PrivateListener.listen({
      host: bindHost,
      ...(this.options.port === undefined ? {} : { port: this.options.port }),
      ...(this.options.helloTimeoutMs === undefined ? {} : { helloTimeoutMs: this.options.helloTimeoutMs }),
      requestTimeoutMs: this.requestTimeoutMs,
    });
    listener.on('hello', ({ user, token, channel }) => this.onHello(user, token, channel));
    this.listener = listener;
    return listener.port;
  }

  closeListener(): void {
    this.listener?.close();
    this.listener = undefined;
  }

  /** Asks the server to broker a chat with `user`; resolves with the request id. */
  async start(user: string): Promise<string> {
    if (this.chats.has(user) || this.dialing.has(user) || this.securing.has(user)) {
      throw new ParleyError(Status.conflict, `a private chat with ${user} is already open`);
    }
    if (this.pendingUsers.includes(user)) {
      throw new ParleyError(Status.conflict, `a private chat request to ${user} is already waiting`);
    }
    const requestId = await this.session.startPrivate(user);
    this.outgoing.set(requestId, user);
    return requestId;
  }

  /** Withdraws a request this user sent and has not seen answered. */
  async cancel(requestId: string): Promise<void> {
    if (!this.outgoing.has(requestId)) throw new ParleyError(Status.notFound, 'no such private chat request');
    await this.session.cancelPrivate(requestId);
    this.outgoing.delete(requestId);
  }

  /** Accepts or rejects a request; on accept, the requester may then connect once with its token. */
  async answer(requestId: string, accept: boolean): Promise<void> {
    const from = this.incoming.get(requestId)?.from;
    if (from === undefined) throw new ParleyError(Status.notFound, 'no such private chat request');
    this.incoming.delete(requestId);
    if (accept && !this.listener) throw new ParleyError(NO_STATUS, 'not listening for private chats');
    if (!accept || !this.listener) {
      await this.session.privateAnswer(requestId, false);
      return;
    }
    if (this.chats.has(from)) {
      await this.session.privateAnswer(requestId, false);
      throw new ParleyError(Status.conflict, `a private chat with ${from} is already open`);
    }
    const settle = this.listener.expectGrant(from);
    try {
      settle(await this.session.privateAnswer(requestId, true));
    } catch (error) {
      settle();
      throw error;
    }
  }

  async send(user: string, text: string): Promise<PeerBody<'private'>> {
    const chat = this.chats.get(user);
    if (!chat) throw new ParleyError(Status.notFound, `no private chat with ${user}`);
    return chat.send(text);
  }

  /** Ends the chat with `user` (telling them why) or forgets our unanswered request to them. */
  async stop(user: string, reason: StopReason = 'stopped'): Promise<void> {
    const chat = this.chats.get(user);
    const dial = this.dialing.get(user);
    if (dial) dial.aborted = true;
    const securing = this.securing.get(user);
    this.abortHandshake(user);
    let found = chat !== undefined || dial !== undefined || securing !== undefined;
    for (const [requestId, to] of this.outgoing) {
      if (to === user) {
        this.outgoing.delete(requestId);
        found = true;
        // Withdrawn at the server too, so the other side's question goes away.
        this.session.cancelPrivate(requestId).catch(() => undefined);
      }
    }
    if (!found) throw new ParleyError(Status.notFound, `no private chat with ${user}`);
    await chat?.stop(reason);
  }

  /** Ends every chat, forgets every request and closes the listener. */
  async stopAll(reason: StopReason): Promise<void> {
    this.outgoing.clear();
    this.incoming.clear();
    for (const dial of this.dialing.values()) dial.aborted = true;
    for (const user of [...this.securing.keys()]) this.abortHandshake(user);
    this.closeListener();
    await Promise.all([...this.chats.values()].map((chat) => chat.stop(reason)));
  }

  private get requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? 10_000;
  }

  private onRequest(push: PushBody<'privaterequest'>): void {
    if (this.chats.has(push.from) || this.dialing.has(push.from)) {
      // At most one chat per pair: the peer already has one with us.
      this.session.privateAnswer(push.requestId, false).catch(() => undefined);
      return;
    }
    const request = { requestId: push.requestId, from: push.from, expiresAt: push.expiresAt };
    this.incoming.set(push.requestId, request);
    this.emit('request', request);
  }

  private cancelIncoming(requestId: string, reason: CancelReason): void {
    const request = this.incoming.get(requestId);
    if (!request) return;
    this.incoming.delete(requestId);
    this.emit('cancelled', { requestId, from: request.from, reason });
  }

  private onAccepted(push: PushBody<'privateaccepted'>): void {
    if (this.outgoing.get(push.requestId) !== push.user) return;
    this.outgoing.delete(push.requestId);
    const me = this.session.username;
    if (me === undefined || this.chats.has(push.user) || this.dialing.has(push.user)) return;
    const attempt = { aborted: false };
    this.dialing.set(push.user, attempt);
    dialPeer({
      host: push.host,
      port: push.port,
      from: me,
      to: push.user,
      token: push.token,
      timeoutMs: this.options.dialTimeoutMs ?? 10_000,
      requestTimeoutMs: this.requestTimeoutMs,
      staticKeys: this.staticKeys,
      checkPeer: (key) => this.checkPeer(push.user, key),
    }).then(
      (channel) => {
        if (this.dialing.get(push.user) === attempt) this.dialing.delete(push.user);
        if (attempt.aborted || this.chats.has(push.user)) channel.destroy();
        else this.open(push.user, channel, true);
      },
      (error: unknown) => {
        if (this.dialing.get(push.user) === attempt) this.dialing.delete(push.user);
        if (!attempt.aborted) this.emit('failed', { user: push.user, message: errorMessage(error) });
      },
    );
  }

  private onHello(user: string, token: string, channel: FrameChannel): void {
    const dial = this.dialing.get(user);
    const me = this.session.username ?? '';
    // Both users accepted each other's request and are connecting to each other: keep the
    // connection dialed by the smaller username, so both sides pick the same one.
    const keepOurs = dial !== undefined && me < user;
    if (this.chats.has(user) || this.securing.has(user) || keepOurs) {
      channel.reply(Status.conflict, 'private chat already open');
      channel.end();
      return;
    }
    if (dial) dial.aborted = true;
    channel.reply(Status.ok, { e2e: E2E_VERSION });
    const socket = channel.detach();
    const attempt = { socket, aborted: false };
    this.securing.set(user, attempt);
    this.listener?.revokeUser(user);
    secureSocket({
      socket,
      initiator: false,
      prologue: parleyPrologue(user, me, token),
      staticKeys: this.staticKeys,
      checkPeer: (key) => this.checkPeer(user, key),
      timeoutMs: this.options.helloTimeoutMs ?? 10_000,
      refusalLine: `[stopprivate] ${JSON.stringify({ reason: KEY_REFUSED })}`,
    }).then(
      (stream) => {
        if (this.securing.get(user) === attempt) this.securing.delete(user);
        if (attempt.aborted || this.chats.has(user)) stream.destroy();
        else this.open(user, new FrameChannel(stream, { requestTimeoutMs: this.requestTimeoutMs }), false);
      },
      (error: unknown) => {
        if (this.securing.get(user) === attempt) this.securing.delete(user);
        if (attempt.aborted) return;
        const message =
          error instanceof ParleyError
            ? error.message
            : `no encrypted chat with ${user}: ${errorMessage(error)}`;
        this.emit('failed', { user, message });
      },
    );
  }

  /** Drops a handshake under way with `user` (we stopped or logged out meanwhile). */
  private abortHandshake(user: string): void {
    const attempt = this.securing.get(user);
    if (!attempt) return;
    attempt.aborted = true;
    this.securing.delete(user);
    attempt.socket.destroy();
  }

  /** The pin check both sides run on the peer's static key; throws, in words, to refuse it. */
  private checkPeer(user: string, key: Buffer): void {
    const server = serverId(this.session.server);
    if (this.pins.check(server, user, key) !== 'changed') return;
    const verified = this.pins.get(server, user)?.verified ?? false;
    throw new ParleyError(NO_STATUS, keyChangedMessage(user, verified));
  }

  private open(user: string, channel: FrameChannel<Duplex>, initiator: boolean): void {
    const chat = new PeerConnection(user, channel);
    this.chats.set(user, chat);
    this.listener?.revokeUser(user);
    chat.on('message', (body) => this.emit('message', { user, body }));
    chat.on('ended', ({ by, reason }) => {
      if (this.chats.get(user) === chat) this.chats.delete(user);
      this.emit('ended', { user, by, reason });
    });
    this.emit('opened', { user, chat });
    this.emit('started', { user, initiator });
  }
}
