/**
 * What a UI shows, kept in memory: who is online, whom this user blocks, and conversations with
 * their messages, delivery states and unread counts. Pure data, no I/O: the client feeds it, UIs
 * read it. Messages are replaced, never mutated, so a store can compare them by reference. The
 * shapes are the contract's (src-shared/api/model.ts).
 */
import { keyFor } from '../../src-shared/api/conversation-key.js';
import type { ChatMessage, Conversation, DeliveryState, MessageKind } from '../../src-shared/api/model.js';

export interface ChatModelOptions {
  /** Oldest messages beyond this are dropped from a conversation. */
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

interface Entry {
  readonly kind: MessageKind;
  readonly messages: ChatMessage[];
  unread: number;
}

export class ChatModel {
  private me: string | undefined;
  private readonly online = new Set<string>();
  private readonly blocked = new Set<string>();
  private readonly conversations = new Map<string, Entry>();
  /** Message id -> conversation key, for settling sent messages. */
  private readonly where = new Map<string, string>();
  private localIds = 0;
  private readonly maxMessages: number;

  constructor(options: ChatModelOptions = {}) {
    this.maxMessages = options.maxMessagesPerConversation ?? 1000;
  }

  get username(): string | undefined {
    return this.me;
  }

  /** Starts over for a login; conversations are kept only when the same user logs in again. */
  reset(username: string): void {
    if (this.me !== username) {
      this.conversations.clear();
      this.where.clear();
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
    this.append(keyFor(kind, to), message);
    return message;
  }

  /** The message with this id (a sent one by its local id until the server names it), if kept. */
  find(id: string): ChatMessage | undefined {
    const key = this.where.get(id);
    return key === undefined ? undefined : this.conversations.get(key)?.messages.find((m) => m.id === id);
  }

  /** Moves a sent message to its next delivery state; the id becomes the server's when it has one. */
  settle(localId: string, update: SettleUpdate): ChatMessage | undefined {
    const key = this.where.get(localId);
    const list = key === undefined ? undefined : this.conversations.get(key)?.messages;
    const index = list?.findIndex((message) => message.id === localId) ?? -1;
    const old = list?.[index];
    if (!list || key === undefined || !old) return undefined;
    const { reason, ...rest } = update;
    const { reason: _oldReason, ...base } = old;
    const next: ChatMessage = { ...base, ...rest, ...(reason === undefined ? {} : { reason }) };
    list[index] = next;
    if (next.id !== localId) {
      this.where.delete(localId);
      this.where.set(next.id, key);
    }
    return next;
  }

  /**
   * Records a received message and counts it unread; one seen before (same id, same
   * conversation) is not added twice: `added` is false and `message` is the known one.
   */
  addIncoming(kind: MessageKind, body: IncomingBody): { message: ChatMessage; added: boolean } {
    const known = this.findIncoming(kind, body);
    if (known) return { message: known, added: false };
    const message = this.toIncoming(kind, body);
    const entry = this.append(keyFor(kind, body.from), message);
    entry.unread = Math.min(entry.unread + 1, entry.messages.length);
    return { message, added: true };
  }

  /** The received message with this body's id in its conversation, if kept. */
  findIncoming(kind: MessageKind, body: IncomingBody): ChatMessage | undefined {
    return this.conversations
      .get(keyFor(kind, body.from))
      ?.messages.find((message) => message.id === body.id && message.direction === 'in');
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

  /** The user has seen this conversation; returns whether its count changed. */
  markRead(key: string): boolean {
    const entry = this.conversations.get(key);
    if (!entry || entry.unread === 0) return false;
    entry.unread = 0;
    return true;
  }

  /** Unread messages per conversation key, only keys above 0. */
  unreadCounts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [key, entry] of this.conversations) if (entry.unread > 0) counts[key] = entry.unread;
    return counts;
  }

  conversation(key: string): Conversation | undefined {
    const entry = this.conversations.get(key);
    return entry ? toConversation(key, entry) : undefined;
  }

  /** Every conversation, the most recently active first. */
  allConversations(): Conversation[] {
    return [...this.conversations]
      .map(([key, entry]) => toConversation(key, entry))
      .sort((a, b) => lastTs(b) - lastTs(a));
  }

  private append(key: string, message: ChatMessage): Entry {
    let entry = this.conversations.get(key);
    if (!entry) {
      entry = { kind: message.kind, messages: [], unread: 0 };
      this.conversations.set(key, entry);
    }
    entry.messages.push(message);
    this.where.set(message.id, key);
    while (entry.messages.length > this.maxMessages) {
      const dropped = entry.messages.shift();
      if (dropped) this.where.delete(dropped.id);
    }
    return entry;
  }
}

function toConversation(key: string, entry: Entry): Conversation {
  return { key, kind: entry.kind, messages: [...entry.messages], unread: entry.unread };
}

function lastTs(conversation: Conversation): number {
  return conversation.messages.at(-1)?.ts ?? 0;
}
