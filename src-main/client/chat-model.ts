/**
 * What a UI shows, kept in memory: who is online, whom this user blocks, and conversations with
 * their messages and delivery states. Pure data, no I/O: the client feeds it, UIs read it.
 * Messages are replaced, never mutated, so a store can compare them by reference.
 */

/**
 * `sending`: not answered yet. `sent`: a broadcast the server accepted. `delivered`: the server
 * (or the peer, for a private message) handed it to the recipient. `stored`: kept for the
 * recipient's next login. `refused`: not delivered, `reason` says why.
 */
export type DeliveryState = 'sending' | 'sent' | 'delivered' | 'stored' | 'refused';

/** `direct` through the server, `broadcast` to everyone online, `private` peer to peer. */
export type MessageKind = 'direct' | 'broadcast' | 'private';

export interface ChatMessage {
  /** The server's (or the sender peer's) id; a local id while `sending`. */
  readonly id: string;
  readonly kind: MessageKind;
  readonly direction: 'in' | 'out';
  readonly from: string;
  /** The recipient; undefined for a broadcast. */
  readonly to?: string;
  readonly text: string;
  readonly ts: number;
  readonly state: DeliveryState;
  readonly reason?: string;
  /** Received at login, sent while this user was offline. */
  readonly offline?: boolean;
  /** For a sent broadcast: online users who block the sender and did not get it. */
  readonly skipped?: number;
}

export interface Conversation {
  /** The other user's name, or BROADCAST_KEY for broadcasts. */
  readonly key: string;
  readonly messages: readonly ChatMessage[];
}

/** Usernames can't contain `#`, so this can't clash with a user's conversation. */
export const BROADCAST_KEY = '#broadcast';

export interface ChatModelOptions {
  /** Oldest messages beyond this are dropped from a conversation. */
  readonly maxMessagesPerConversation?: number;
}

export class ChatModel {
  private me: string | undefined;
  private readonly online = new Set<string>();
  private readonly blocked = new Set<string>();
  private readonly conversations = new Map<string, ChatMessage[]>();
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
      ...(to === undefined ? {} : { to }),
      text,
      ts,
      state: 'sending',
    };
    this.append(to ?? BROADCAST_KEY, message);
    return message;
  }

  /** Moves a sent message to its next delivery state; the id becomes the server's when it has one. */
  settle(
    localId: string,
    update: { state: DeliveryState; id?: string; ts?: number; reason?: string; skipped?: number },
  ): ChatMessage | undefined {
    const key = this.where.get(localId);
    const list = key === undefined ? undefined : this.conversations.get(key);
    const index = list?.findIndex((message) => message.id === localId) ?? -1;
    const old = list?.[index];
    if (!list || key === undefined || !old) return undefined;
    const next: ChatMessage = { ...old, ...update };
    list[index] = next;
    if (next.id !== localId) {
      this.where.delete(localId);
      this.where.set(next.id, key);
    }
    return next;
  }

  /** Records a received message; one seen before (same id) is returned as it was, not added twice. */
  addIncoming(
    kind: MessageKind,
    body: { id: string; from: string; text: string; ts: number; offline?: boolean | undefined },
  ): ChatMessage {
    const key = kind === 'broadcast' ? BROADCAST_KEY : body.from;
    const known = this.conversations
      .get(key)
      ?.find((message) => message.id === body.id && message.direction === 'in');
    if (known) return known;
    const message: ChatMessage = {
      id: body.id,
      kind,
      direction: 'in',
      from: body.from,
      ...(kind === 'broadcast' || this.me === undefined ? {} : { to: this.me }),
      text: body.text,
      ts: body.ts,
      state: 'delivered',
      ...(body.offline ? { offline: true } : {}),
    };
    this.append(key, message);
    return message;
  }

  conversation(key: string): Conversation | undefined {
    const messages = this.conversations.get(key);
    return messages ? { key, messages: [...messages] } : undefined;
  }

  /** Every conversation, the most recently active first. */
  allConversations(): Conversation[] {
    return [...this.conversations]
      .map(([key, messages]) => ({ key, messages: [...messages] }))
      .sort((a, b) => lastTs(b) - lastTs(a));
  }

  private append(key: string, message: ChatMessage): void {
    let list = this.conversations.get(key);
    if (!list) {
      list = [];
      this.conversations.set(key, list);
    }
    list.push(message);
    this.where.set(message.id, key);
    while (list.length > this.maxMessages) {
      const dropped = list.shift();
      if (dropped) this.where.delete(dropped.id);
    }
  }
}

function lastTs(conversation: Conversation): number {
  return conversation.messages.at(-1)?.ts ?? 0;
}
