/**
 * Every conversation's messages and unread count, and which one is open. Messages arrive as
 * events (received, or being sent) and change state through `message-updated`; opening a
 * conversation loads its whole local history once.
 */
import { create } from 'zustand';
import {
  BROADCAST_KEY,
  conversationKey,
  conversationPeer,
  type ChatMessage,
  type Conversation,
  type MessageKind,
} from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

export interface ConversationState {
  key: string;
  kind: MessageKind;
  messages: ChatMessage[];
  unread: number;
  /** The whole local history is loaded (not only the snapshot's recent part). */
  full: boolean;
}

interface ConversationsStore {
  byKey: Record<string, ConversationState>;
  activeKey: string | undefined;
  /** A send that failed before reaching the client (e.g. no connection), per conversation. */
  sendError: Record<string, string>;

  applySnapshot: (conversations: Conversation[]) => void;
  onMessage: (message: ChatMessage) => void;
  /** Puts the gathered incoming messages in place now (also before any update to them). */
  flush: () => void;
  onUpdated: (message: ChatMessage, localId: string) => void;
  onUnread: (counts: Record<string, number>) => void;
  open: (key: string | undefined) => void;
  send: (key: string, text: string) => Promise<boolean>;
  retry: (localId: string) => Promise<void>;
  markRead: (key: string) => void;
}

export function keyOf(message: ChatMessage): string {
  return conversationKey(message.kind, message.direction === 'out' ? message.to : message.from);
}

export function kindOfKey(key: string): MessageKind {
  if (key === BROADCAST_KEY) return 'broadcast';
  return key.startsWith('private:') ? 'private' : 'direct';
}

function emptyConversation(key: string): ConversationState {
  return { key, kind: kindOfKey(key), messages: [], unread: 0, full: false };
}

/** Index of a message by id, searching from the newest (where updates almost always land). */
function indexOfId(messages: ChatMessage[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i;
  return -1;
}

/** Puts `incoming` (oldest first) and `current` together without duplicates, by id. */
function merge(current: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const ids = new Set(incoming.map((m) => m.id));
  const extra = current.filter((m) => !ids.has(m.id));
  if (extra.length === 0) return incoming;
  return [...incoming, ...extra].sort((a, b) => a.ts - b.ts);
}

const incoming: ChatMessage[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;

export const useConversationsStore = create<ConversationsStore>()((set, get) => ({
  byKey: {},
  activeKey: undefined,
  sendError: {},

  applySnapshot(conversations) {
    const byKey: Record<string, ConversationState> = {};
    const previous = get().byKey;
    for (const c of conversations) {
      const known = previous[c.key];
      byKey[c.key] = {
        key: c.key,
        kind: c.kind,
        messages: known?.full ? merge(known.messages, c.messages) : c.messages,
        unread: c.unread,
        full: known?.full ?? false,
      };
    }
    set({ byKey });
  },
  onMessage(message) {
    // Messages come one event each (10,000 at a login after a long absence): they are gathered
    // and put in place together, so the list re-renders once per batch, not once per message.
    incoming.push(message);
    flushTimer ??= setTimeout(() => get().flush(), 16);
  },
  flush() {
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    if (incoming.length === 0) return;
    const batch = incoming.splice(0);
    const byKey = { ...get().byKey };
    const added = new Map<string, ChatMessage[]>();
    for (const message of batch) {
      const key = keyOf(message);
      const list = added.get(key) ?? [];
      list.push(message);
      added.set(key, list);
    }
    const { activeKey } = get();
    let readActive = false;
    for (const [key, messages] of added) {
      const conv = byKey[key] ?? emptyConversation(key);
      const known = new Set(conv.messages.slice(-messages.length - 50).map((m) => m.id));
      const fresh = messages.filter((m) => !known.has(m.id) && known.add(m.id));
      if (fresh.length === 0) continue;
      byKey[key] = { ...conv, messages: [...conv.messages, ...fresh] };
      if (key === activeKey && fresh.some((m) => m.direction === 'in')) readActive = true;
    }
    set({ byKey });
    if (readActive && activeKey !== undefined && document.hasFocus()) get().markRead(activeKey);
  },
  onUpdated(message, localId) {
    get().flush();
    const key = keyOf(message);
    const conv = get().byKey[key] ?? emptyConversation(key);
    let index = indexOfId(conv.messages, localId);
    if (index < 0) index = indexOfId(conv.messages, message.id);
    const messages = [...conv.messages];
    if (index < 0) messages.push(message);
    else messages[index] = message;
    set({ byKey: { ...get().byKey, [key]: { ...conv, messages } } });
  },
  onUnread(counts) {
    const byKey = { ...get().byKey };
    for (const [key, conv] of Object.entries(byKey)) {
      const unread = counts[key] ?? 0;
      if (conv.unread !== unread) byKey[key] = { ...conv, unread };
    }
    for (const [key, unread] of Object.entries(counts)) {
      byKey[key] ??= { ...emptyConversation(key), unread };
    }
    set({ byKey });
  },
  open(key) {
    set({ activeKey: key });
    if (key === undefined) return;
    const conv = get().byKey[key];
    if (conv && conv.unread > 0) get().markRead(key);
    if (conv?.full) return;
    void call('loadConversation', { key })
      .then((loaded) => {
        const now = get().byKey[key] ?? emptyConversation(key);
        const messages = merge(now.messages, loaded.messages);
        set({ byKey: { ...get().byKey, [key]: { ...now, messages, full: true } } });
      })
      .catch(() => {
        // Nothing stored yet (a conversation that starts now): what the snapshot gave stays.
      });
  },
  async send(key, text) {
    const peer = conversationPeer(key);
    try {
      if (key === BROADCAST_KEY) await call('broadcast', { text });
      else if (peer !== undefined && key.startsWith('private:'))
        await call('sendPrivate', { user: peer, text });
      else if (peer !== undefined) await call('sendMessage', { to: peer, text });
      const { [key]: _, ...rest } = get().sendError;
      set({ sendError: rest });
      return true;
    } catch (cause) {
      const error = errorOf(cause);
      // A refusal is shown on the message itself, with its reason.
      if (error.code === 'refused') return true;
      set({ sendError: { ...get().sendError, [key]: error.message } });
      return false;
    }
  },
  async retry(localId) {
    try {
      const message = await call('retryMessage', { localId });
      // Handed over again (sent, or waiting for the connection): an earlier "Not sent" no longer holds.
      const { [keyOf(message)]: _, ...rest } = get().sendError;
      set({ sendError: rest });
    } catch {
      // The message stays `failed` with its Retry button; the banner says why.
    }
  },
  markRead(key) {
    const conv = get().byKey[key];
    if (conv) set({ byKey: { ...get().byKey, [key]: { ...conv, unread: 0 } } });
    void call('markRead', { key }).catch(() => undefined);
  },
}));
