/**
 * The one owner of conversations in the app: messages (local history), unread counts, drafts and
 * the open conversation, all per account (server and user, account.ts). The client core only
 * reports what happens (its events); the renderer only shows what this service says.
 */
import {
  foldRelations,
  kindOf,
  keyOf,
  mentions,
  roomOf,
  type ChatMessage,
  type ClientEvent,
  type Conversation,
  type Relation,
  type SearchHit,
  type ViewState,
} from '../../src-shared/api/index.js';
import type { StoredEvent } from '../client/index.js';
import type { LocalHistory } from './history.js';
import { userOf } from './account.js';
import { isMuted } from './mutes.js';
import { UnreadCounts, type UnreadReport } from './unread.js';

/** How many of a conversation's latest messages a relation is looked for in, to report the change. */
const RELATION_REACH = 500;

/** What the service needs to know of the settings: receipts and mutes. */
export interface ConversationPrefs {
  readonly receipts: () => boolean;
  readonly muted: () => readonly string[];
}

/** The shared mention rule, here too for the app core's callers. */
export { mentions };

export class ConversationService {
  readonly unread: UnreadCounts;
  /** Unread messages that mention the account's user, counted apart (a separate badge). */
  readonly mentions: UnreadCounts;
  /** Accounts whose earlier runs' messages were retired (once per account per run). */
  private readonly retired = new Set<string>();
  private readonly prefs: ConversationPrefs;

  constructor(
    private readonly history: LocalHistory,
    /** Whose conversations are shown now: the logged-in account, else the last one; none at all. */
    private readonly currentAccount: () => string | undefined,
    onUnread: (report: UnreadReport) => void,
    prefs: Partial<ConversationPrefs> = {},
    /** A message as shown changed (a relation folded into it): the app sends `message-updated`. */
    private readonly onChanged: (message: ChatMessage) => void = () => undefined,
  ) {
    this.prefs = { receipts: prefs.receipts ?? (() => true), muted: prefs.muted ?? (() => []) };
    const report = (): void => onUnread(this.unreadReport());
    this.unread = new UnreadCounts(history, report);
    this.mentions = new UnreadCounts(history.mentions, report);
    this.sync();
  }

  /** Unread counts with the mentions among them, as the `unread` event carries them. */
  unreadReport(): UnreadReport {
    const mentions = this.mentions.current().counts;
    return { ...this.unread.current(), ...(Object.keys(mentions).length > 0 ? { mentions } : {}) };
  }

  /**
   * A stored stream item other than a direct message (a room item, a relation), before the client
   * acks it: true once committed and new, false when this account has it already.
   */
  acceptItem(event: StoredEvent, loggedIn: string | undefined): boolean | Promise<boolean> {
    if (loggedIn === undefined) return true;
    const isNew =
      event.type === 'message'
        ? this.history.saveRoomItem(loggedIn, event.message)
        : this.history.saveRelation(loggedIn, event.key, event.relation);
    return this.history.committed().then(() => isNew);
  }

  /** The account shown now, with the unread counts following it. */
  get account(): string | undefined {
    return this.sync();
  }

  /** Call before a login as `account` sends anything (see LocalHistory.retireEarlierRun). */
  beginRun(account: string): void {
    this.sync();
    if (this.retired.has(account)) return;
    this.retired.add(account);
    this.history.retireEarlierRun(account);
  }

  /**
   * A received direct message, before the client acks it: true once it is committed, false when
   * this account has it already (a redelivery).
   */
  acceptIncoming(message: ChatMessage, loggedIn: string | undefined): boolean | Promise<boolean> {
    if (loggedIn === undefined) return true;
    const isNew = this.history.saveIncoming(loggedIn, message);
    return this.history.committed().then(() => isNew);
  }

  /** What a client event changes in the logged-in account's conversations. */
  record(event: ClientEvent, loggedIn: string): void {
    this.sync();
    if (event.type === 'message') {
      const { message } = event;
      if (message.kind === 'room') {
        // Saved by acceptItem already when it came as an item; once, whichever came first.
        this.history.saveRoomItem(loggedIn, message);
        if (message.direction === 'in' && message.notice === undefined && message.blocked !== true)
          this.countUnread(message, loggedIn);
      } else if (message.direction === 'in') {
        // Direct ones were saved by acceptIncoming already.
        if (message.kind !== 'direct') this.history.saveIncoming(loggedIn, message);
        this.countUnread(message, loggedIn);
      } else this.history.saveOwn(loggedIn, message);
    } else if (event.type === 'message-updated') {
      this.history.updateOwn(loggedIn, event.message, event.localId);
    } else if (event.type === 'relation') {
      this.applyRelation(loggedIn, event.key, event.relation);
    }
  }

  private countUnread(message: ChatMessage, loggedIn: string): void {
    const key = keyOf(message);
    this.unread.bump(key);
    if (mentions(message.text, userOf(loggedIn))) this.mentions.bump(key);
  }

  /**
   * An edit, delete, reaction or receipt (protocol 1.2) in `key` of the logged-in account: kept
   * once, folded into the messages whenever they are read. False when it is known already.
   */
  recordRelation(account: string, key: string, relation: Relation): boolean {
    return this.history.saveRelation(account, key, relation);
  }
  /** Saves a relation (again: idempotent) and reports the messages it changed as shown. */
  private applyRelation(owner: string, key: string, relation: Relation): void {
    if (relation.type === 'read' && (roomOf(key) !== undefined || !this.prefs.receipts())) {
      this.history.saveRelation(owner, key, relation);
      return;
    }
    // acceptItem saved it already when it came from a stream: "before" is without it either way.
    this.history.saveRelation(owner, key, relation);
    const messages = this.history.recentMessages(owner, key, RELATION_REACH, false);
    const all = this.shownRelations(owner, key);
    const same = JSON.stringify(relation);
    const before = foldRelations(
      messages,
      all.filter((r) => JSON.stringify(r) !== same),
    );
    const after = foldRelations(messages, all);
    after.forEach((m, i) => {
      if (m !== before[i] && JSON.stringify(m) !== JSON.stringify(before[i])) this.onChanged(m);
    });
  }

  /** The relations shown: without others' read receipts when this user sends none. */
  private shownRelations(owner: string, key: string): Relation[] {
    const all = this.history.relations(owner, key);
    return this.prefs.receipts() ? all : all.filter((r) => r.type !== 'read');
  }

  /** Every conversation of the account, the most recent first, each with its last `limit` messages. */
  conversations(limit: number): Conversation[] {
    const account = this.sync();
    if (account === undefined) return [];
    return this.history.conversationKeys(account).map((key) => this.conversation(key, limit));
  }

  /** One conversation: its last `limit` messages, or all of them. */
  conversation(key: string, limit?: number): Conversation {
    const account = this.sync();
    const messages =
      account === undefined
        ? []
        : limit === undefined
          ? this.history.allMessages(account, key, false)
          : this.history.recentMessages(account, key, limit, false);
    const folded =
      account === undefined ? messages : foldRelations(messages, this.shownRelations(account, key));
    const readUpTo = account === undefined ? undefined : this.history.readPosition(account, key);
    const mentioned = this.mentions.of(key);
    return {
      key,
      kind: kindOf(key),
      messages: folded,
      unread: this.unread.of(key),
      ...(mentioned > 0 ? { mentions: mentioned } : {}),
      ...(readUpTo === undefined ? {} : { readUpTo }),
      ...(this.isMuted(key) ? { muted: true } : {}),
    };
  }

  /**
   * The user has seen the conversation: unread and mentions go to 0, a room's read position moves
   * to its newest item. Returns what a read receipt would name (a room's seq, or the id of the
   * last message received in a direct conversation), when there is one.
   */
  markRead(key: string): string | number | undefined {
    const account = this.sync();
    this.unread.markRead(key);
    this.mentions.markRead(key);
    if (account === undefined) return undefined;
    const last = this.history.recentMessages(account, key, 50);
    if (roomOf(key) !== undefined) {
      const seq = Math.max(0, ...last.map((m) => m.seq ?? 0));
      if (seq > 0) this.history.setReadPosition(account, key, seq);
      return seq > 0 ? seq : undefined;
    }
    return last.filter((m) => m.direction === 'in' && m.kind === 'direct').at(-1)?.id;
  }

  /** Whether the account shown now muted `key` (its messages notify only when they mention it). */
  isMuted(key: string): boolean {
    return isMuted(this.prefs.muted(), this.sync(), key);
  }

  /** Whether an incoming message deserves a notification: not muted, or a mention of this user. */
  notifies(message: ChatMessage): boolean {
    if (message.direction !== 'in' || message.notice !== undefined || message.blocked === true) return false;
    const account = this.sync();
    if (!isMuted(this.prefs.muted(), account, keyOf(message))) return true;
    return account !== undefined && mentions(message.text, userOf(account));
  }

  /** Saves the events of a history page; returns its messages folded, oldest first. */
  saveOlder(key: string, events: readonly StoredEvent[]): ChatMessage[] {
    const account = this.sync();
    if (account === undefined) return [];
    const messages: ChatMessage[] = [];
    for (const event of events) {
      if (event.type === 'message') {
        this.history.saveRoomItem(account, event.message);
        messages.push(event.message);
      } else this.history.saveRelation(account, event.key, event.relation);
    }
    return foldRelations(messages, this.shownRelations(account, key));
  }

  /** The oldest seq kept locally of a room conversation. */
  oldestSeq(key: string): number | undefined {
    const account = this.sync();
    return account === undefined ? undefined : this.history.oldestRoomSeq(account, key);
  }

  /** This account's messages matching what the user typed, newest first. */
  search(typed: string, limit: number): SearchHit[] {
    const account = this.sync();
    return account === undefined ? [] : this.history.search(account, typed, limit);
  }

  view(): ViewState {
    const account = this.sync();
    if (account === undefined) return { drafts: {} };
    const openKey = this.history.view.openKey(account);
    return { ...(openKey === undefined ? {} : { openKey }), drafts: this.history.view.drafts(account) };
  }

  setDraft(key: string, text: string): void {
    const account = this.sync();
    if (account !== undefined) this.history.view.setDraft(account, key, text);
  }

  setOpenKey(key: string | undefined): void {
    const account = this.sync();
    if (account !== undefined) this.history.view.setOpenKey(account, key);
  }

  private sync(): string | undefined {
    const account = this.currentAccount();
    this.unread.switchTo(account);
    this.mentions.switchTo(account);
    return account;
  }
}
