/**
 * What the client itself must remember of a session: who is online, whom this user blocks, and
 * the outbox's own messages (a send settles, a failed one can be retried by its local id). Which
 * received messages were already shown is kept as ids only, so a repeat is not shown twice.
 * Conversations, their messages and unread counts are not kept here: the app core's history
 * (src-main/app/conversation-service.ts) owns them; UIs without one follow the events. Messages
 * are replaced, never mutated, so a store can compare them by reference.
 */
import { keyFor } from '../../src-shared/api/conversation-key.js';
import type { ChatMessage, DeliveryState, MessageKind } from '../../src-shared/api/model.js';

export interface ChatModelOptions {
  /** Own messages and received ids kept per conversation; older ones are forgotten. */
  readonly maxMessagesPerConversation?: number;
}

export type SettleUpdate = {
  state: DeliveryState;
  id?: string;
  ts?: number;
  reason?: string;
  skipped?: number;
};

export interface IncomingBody {
  readonly id: string;
  readonly from: string;
  readonly text: string;
  readonly ts: number;
  readonly offline?: boolean | undefined;
  readonly seq?: number | undefined;
}

export class ChatModel {
  private me: string | undefined;
  private readonly online = new Set<string>();
  private readonly blocked = new Set<string>();
  /** Own messages by id (the local one until the server names it), oldest first. */
  private readonly outgoing = new Map<string, ChatMessage>();
  /** Ids of received messages per conversation key, oldest first. */
  private readonly seen = new Map<string, Set<string>>();
  private localIds = 0;
  private readonly max: number;

  constructor(options: ChatModelOptions = {}) {
    this.max = options.maxMessagesPerConversation ?? 1000;
  }

  get username(): string | undefined {
    return this.me;
  }

  /** Starts over for a login; the outbox and seen ids are kept only when the same user logs in again. */
  reset(username: string): void {
    if (this.me !== username) {
      this.outgoing.clear();
      this.seen.clear();
    }
    this.me = username;
    this.online.clear();
    this.blocked.clear();
  }

  setOnline(users: readonly string[]): void {
    this.online.clear();
    for (const user of users) if (user !== this.me) this.online.add(user);
  }

  /** Returns whether anything changed. */
  applyPresence(user: string, isOnline: boolean): boolean {
    if (user === this.me) return false;
    const had = this.online.has(user);
    if (isOnline) this.online.add(user);
    else this.online.delete(user);
    return had !== isOnline;
  }

  /** Everyone known to be online, sorted; the server hides users who block this one. */
  onlineUsers(): string[] {
    return [...this.online].sort();
  }

  isOnline(user: string): boolean {
    return this.online.has(user);
  }

  setBlocked(users: readonly string[]): void {
    this.blocked.clear();
    for (const user of users) this.blocked.add(user);
  }

  setBlock(user: string, isBlocked: boolean): void {
    if (isBlocked) this.blocked.add(user);
    else this.blocked.delete(user);
  }

  blockedUsers(): string[] {
    return [...this.blocked].sort();
  }

  isBlocked(user: string): boolean {
    return this.blocked.has(user);
  }

  /** Records a message this user is sending; it starts as `sending` with a local id. */
  addOutgoing(kind: MessageKind, to: string | undefined, text: string, ts = Date.now()): ChatMessage {
    const message: ChatMessage = {
      id: `local-${++this.localIds}`,
      kind,
      direction: 'out',
      from: this.me ?? '',
      ...(to === undefined || kind === 'broadcast' ? {} : { to }),
      text,
      ts,
      state: 'sending',
    };
    this.outgoing.set(message.id, message);
    while (this.outgoing.size > this.max * 4)
      this.outgoing.delete(this.outgoing.keys().next().value as string);
    return message;
  }

  /** An own message by id (a sent one by its local id until the server names it), if kept. */
  find(id: string): ChatMessage | undefined {
    return this.outgoing.get(id);
  }

  /** Moves a sent message to its next delivery state; the id becomes the server's when it has one. */
  settle(localId: string, update: SettleUpdate): ChatMessage | undefined {
    const old = this.outgoing.get(localId);
    if (!old) return undefined;
    const { reason, ...rest } = update;
    const { reason: _oldReason, ...base } = old;
    const next: ChatMessage = { ...base, ...rest, ...(reason === undefined ? {} : { reason }) };
    if (next.id !== localId) this.outgoing.delete(localId);
    this.outgoing.set(next.id, next);
    return next;
  }

  /**
   * The message a received body becomes; one seen before (same id, same conversation) is not
   * new: `added` is false.
   */
  addIncoming(kind: MessageKind, body: IncomingBody): { message: ChatMessage; added: boolean } {
    const message = this.toIncoming(kind, body);
    const key = keyFor(kind, body.from);
    let ids = this.seen.get(key);
    if (ids?.has(body.id)) return { message, added: false };
    if (!ids) this.seen.set(key, (ids = new Set()));
    ids.add(body.id);
    if (ids.size > this.max) ids.delete(ids.values().next().value as string);
    return { message, added: true };
  }

  /** Whether a received message with this body's id was shown in its conversation already. */
  hasIncoming(kind: MessageKind, body: IncomingBody): boolean {
    return this.seen.get(keyFor(kind, body.from))?.has(body.id) === true;
  }

  /** The message a received body becomes, without recording it. */
  toIncoming(kind: MessageKind, body: IncomingBody): ChatMessage {
    return {
      id: body.id,
      kind,
      direction: 'in',
      from: body.from,
      ...(kind === 'broadcast' || this.me === undefined ? {} : { to: this.me }),
      text: body.text,
      ts: body.ts,
      state: 'delivered',
      ...(body.offline ? { offline: true } : {}),
      ...(body.seq === undefined ? {} : { seq: body.seq }),
    };
  }
}
