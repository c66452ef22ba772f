/**
 * A projection of the app core's conversations: what the snapshot and the events say, nothing
 * decided here. The core's local history owns messages, unread counts and drafts; this store
 * only mirrors them, merges with the shared rules (src-shared/api/conversation-fold.ts) and
 * offers per-key selectors so a change to one conversation re-renders only what shows it.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import {
  keyOf,
  kindOf,
  mergeMessages,
  parseKey,
  type ChatMessage,
  type Conversation,
  type MessageKind,
  type ViewState,
} from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { firstUnreadId } from '../first-unread.js';

export interface ConversationState {
  key: string;
  kind: MessageKind;
  messages: ChatMessage[];
  unread: number;
  /** Unread messages that mention this user. */
  mentions: number;
  /** Notifies only of mentions; the sidebar shows no count, only mentions. */
  muted: boolean;
  /** The whole local history is loaded (not only the snapshot's recent part). */
  full: boolean;
  /** A room: older history on the server (false: the room's beginning is here; absent: not asked). */
  more?: boolean | undefined;
  /** A room: a `loadOlder` is on its way. */
  loadingOlder?: boolean | undefined;
}

interface ConversationsData {
  byKey: Record<string, ConversationState>;
  activeKey: string | undefined;
  /** A send that failed before reaching the client (e.g. no connection), per conversation. */
  sendError: Record<string, string>;
  /** Unsent text per conversation (kept by the core for this server and user). */
  drafts: Record<string, string>;
  /** A message to show and mark in its conversation (a search result that was opened). */
  focus: { key: string; id: string } | undefined;
  /**
   * The "New messages" divider of the open conversation: at its first unread message when it was
   * opened (`unread` of them then); gone when the user leaves it or writes there.
   */
  divider: { key: string; unread: number; id: string | undefined } | undefined;
}

interface ConversationsStore extends ConversationsData {
  applySnapshot: (conversations: Conversation[], view?: ViewState) => void;
  onMessage: (message: ChatMessage) => void;
  /** Puts the gathered incoming messages in place now (also before any update to them). */
  flush: () => void;
  onUpdated: (message: ChatMessage, localId: string) => void;
  onUnread: (counts: Record<string, number>, mentions?: Record<string, number>) => void;
  /** Shows a conversation; with `focusId`, at that message. */
  open: (key: string | undefined, focusId?: string) => void;
  send: (key: string, text: string) => Promise<boolean>;
  retry: (localId: string) => Promise<void>;
  markRead: (key: string) => void;
  /** Mutes or unmutes a conversation in the core (per account); the error's sentence if refused. */
  setMuted: (key: string, muted: boolean) => Promise<string | undefined>;
  /** A room: the page of history before the oldest item kept (`[history]`), put in place. */
  loadOlder: (key: string) => Promise<void>;
  setDraft: (key: string, text: string) => void;
  /** Back to the initial state: nothing of this session reaches the next one. */
  reset: () => void;
}

const initialState = (): ConversationsData => ({
  byKey: {},
  activeKey: undefined,
  sendError: {},
  drafts: {},
  focus: undefined,
  divider: undefined,
});

function emptyConversation(key: string): ConversationState {
  return { key, kind: kindOf(key), messages: [], unread: 0, mentions: 0, muted: false, full: false };
}

/** Index of a message by id, searching from the newest (where updates almost always land). */
function indexOfId(messages: ChatMessage[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i;
  return -1;
}

const incoming: ChatMessage[] = [];
let flushTimer: ReturnType<typeof setTimeout> | undefined;
/** Bumped by reset: answers to requests made before it are dropped. */
let generation = 0;

export const useConversationsStore = create<ConversationsStore>()((set, get) => ({
  ...initialState(),

  applySnapshot(conversations, view) {
    const byKey: Record<string, ConversationState> = {};
    const previous = get().byKey;
    for (const c of conversations) {
      const known = previous[c.key];
      byKey[c.key] = {
        key: c.key,
        kind: c.kind,
        messages: known?.full ? mergeMessages(known.messages, c.messages) : c.messages,
        unread: c.unread,
        mentions: c.mentions ?? 0,
        muted: c.muted === true,
        full: known?.full ?? false,
        more: c.more ?? known?.more,
      };
    }
    set({ byKey, ...(view ? { drafts: view.drafts } : {}) });
    if (view?.openKey !== undefined && get().activeKey === undefined) get().open(view.openKey);
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
    for (const [key, messages] of added) {
      const conv = byKey[key] ?? emptyConversation(key);
      const merged = mergeMessages(conv.messages, messages);
      if (merged.length === conv.messages.length && merged.every((m, i) => m === conv.messages[i])) continue;
      byKey[key] = { ...conv, messages: merged };
    }
    // Read once seen, not when it arrives: the list marks it (use-mark-read.ts).
    set({ byKey });
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
  onUnread(counts, mentionCounts = {}) {
    const byKey = { ...get().byKey };
    for (const [key, conv] of Object.entries(byKey)) {
      const unread = counts[key] ?? 0;
      const mentions = mentionCounts[key] ?? 0;
      if (conv.unread !== unread || conv.mentions !== mentions) byKey[key] = { ...conv, unread, mentions };
    }
    for (const [key, unread] of Object.entries(counts)) {
      byKey[key] ??= { ...emptyConversation(key), unread, mentions: mentionCounts[key] ?? 0 };
    }
    set({ byKey });
  },
  open(key, focusId) {
    set({ focus: key !== undefined && focusId !== undefined ? { key, id: focusId } : undefined });
    if (get().activeKey !== key) {
      const unread = key === undefined ? 0 : (get().byKey[key]?.unread ?? 0);
      const messages = key === undefined ? [] : (get().byKey[key]?.messages ?? []);
      set({
        activeKey: key,
        divider:
          key !== undefined && unread > 0 ? { key, unread, id: firstUnreadId(messages, unread) } : undefined,
      });
      void call('setOpenConversation', key === undefined ? {} : { key }).catch(() => undefined);
    }
    if (key === undefined) return;
    // Marked read once the newest message is in view of a window that is looked at (use-mark-read.ts).
    const conv = get().byKey[key];
    if (conv?.full) return;
    const asked = generation;
    void call('loadConversation', { key })
      .then((loaded) => {
        if (asked !== generation) return;
        const now = get().byKey[key] ?? emptyConversation(key);
        const messages = mergeMessages(now.messages, loaded.messages);
        const { divider } = get();
        set({
          byKey: { ...get().byKey, [key]: { ...now, messages, full: true, more: loaded.more ?? now.more } },
          // The snapshot may have held fewer messages than were unread: placed again on all of them.
          ...(divider?.key === key
            ? { divider: { ...divider, id: firstUnreadId(messages, divider.unread) } }
            : {}),
        });
      })
      .catch(() => {
        // Nothing stored yet (a conversation that starts now): what the snapshot gave stays.
      });
  },
  async send(key, text) {
    const target = parseKey(key);
    try {
      if (target?.kind === 'broadcast') await call('broadcast', { text });
      else if (target?.kind === 'private') await call('sendPrivate', { user: target.peer, text });
      else if (target?.kind === 'direct') await call('sendMessage', { to: target.peer, text });
      else if (target?.kind === 'room') await call('sendRoomMessage', { room: target.room, text });
      else throw new Error('There is no way to write here yet.');
      const { [key]: _, ...rest } = get().sendError;
      set({ sendError: rest, ...(get().divider?.key === key ? { divider: undefined } : {}) });
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
    if (conv) set({ byKey: { ...get().byKey, [key]: { ...conv, unread: 0, mentions: 0 } } });
    void call('markRead', { key }).catch(() => undefined);
  },
  async setMuted(key, muted) {
    try {
      await call('muteConversation', { key, muted });
    } catch (cause) {
      return errorOf(cause).message;
    }
    const conv = get().byKey[key] ?? emptyConversation(key);
    set({ byKey: { ...get().byKey, [key]: { ...conv, muted } } });
    return undefined;
  },
  async loadOlder(key) {
    const conv = get().byKey[key];
    if (!conv?.full || conv.loadingOlder || conv.more === false || kindOf(key) !== 'room') return;
    const asked = generation;
    const patch = (change: Partial<ConversationState>, add: ChatMessage[] = []) => {
      const now = get().byKey[key] ?? emptyConversation(key);
      const messages = add.length > 0 ? mergeMessages(now.messages, add) : now.messages;
      set({ byKey: { ...get().byKey, [key]: { ...now, ...change, messages } } });
    };
    patch({ loadingOlder: true });
    try {
      const page = await call('loadOlder', { key });
      if (asked === generation) patch({ loadingOlder: false, more: page.more }, page.messages);
    } catch {
      // Asked again at the next scroll to the top.
      if (asked === generation) patch({ loadingOlder: false });
    }
  },
  setDraft(key, text) {
    const { [key]: old, ...rest } = get().drafts;
    if ((old ?? '') === text) return;
    set({ drafts: text === '' ? rest : { ...rest, [key]: text } });
    void call('setDraft', { key, text }).catch(() => undefined);
  },
  reset() {
    generation++;
    if (flushTimer !== undefined) clearTimeout(flushTimer);
    flushTimer = undefined;
    incoming.length = 0;
    set(initialState());
  },
}));

const NO_MESSAGES: ChatMessage[] = [];

/** One conversation's messages; re-renders only when they change. */
export function useMessages(key: string): ChatMessage[] {
  return useConversationsStore((s) => s.byKey[key]?.messages ?? NO_MESSAGES);
}

/** One conversation, for a list item. */
export function useConversation(key: string): ConversationState | undefined {
  return useConversationsStore((s) => s.byKey[key]);
}

function lastTs(c: ConversationState | undefined): number {
  return c?.messages.at(-1)?.ts ?? 0;
}

/** Every known key, the most recently active first; the same array while that order holds. */
export function useConversationKeys(): string[] {
  return useConversationsStore(
    useShallow((s) => Object.keys(s.byKey).sort((a, b) => lastTs(s.byKey[b]) - lastTs(s.byKey[a]))),
  );
}

export function useUnreadTotal(): number {
  return useConversationsStore((s) => {
    let total = 0;
    for (const c of Object.values(s.byKey)) total += c.unread;
    return total;
  });
}

/** One conversation's older-history state: loading, and whether the beginning is here. */
export function useOlderState(key: string): { loading: boolean; more: boolean | undefined } {
  return useConversationsStore(
    useShallow((s) => ({ loading: s.byKey[key]?.loadingOlder === true, more: s.byKey[key]?.more })),
  );
}

/** The id the "New messages" divider stands before in `key`, while it shows. */
export function useDividerId(key: string): string | undefined {
  return useConversationsStore((s) => (s.divider?.key === key ? s.divider.id : undefined));
}

export function useDraft(key: string): string {
  return useConversationsStore((s) => s.drafts[key] ?? '');
}
