/**
 * The one owner of conversations in the app: messages (local history), unread counts, drafts and
 * the open conversation, all per account (server and user, account.ts). The client core only
 * reports what happens (its events); the renderer only shows what this service says.
 */
import {
  kindOf,
  keyOf,
  mentions,
  type ChatMessage,
  type ClientEvent,
  type Conversation,
  type Relation,
  type SearchHit,
  type ViewState,
} from '../../src-shared/api/index.js';
import type { LocalHistory } from './history.js';
import { userOf } from './account.js';
import { UnreadCounts, type UnreadReport } from './unread.js';

export class ConversationService {
  readonly unread: UnreadCounts;
  /** Unread messages that mention the account's user, counted apart (a separate badge). */
  readonly mentions: UnreadCounts;
  /** Accounts whose earlier runs' messages were retired (once per account per run). */
  private readonly retired = new Set<string>();

  constructor(
    private readonly history: LocalHistory,
    /** Whose conversations are shown now: the logged-in account, else the last one; none at all. */
    private readonly currentAccount: () => string | undefined,
    onUnread: (report: UnreadReport) => void,
  ) {
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
      if (message.direction === 'in') {
        // Direct ones were saved by acceptIncoming already.
        if (message.kind !== 'direct') this.history.saveIncoming(loggedIn, message);
        const key = keyOf(message);
        this.unread.bump(key);
        if (mentions(message.text, userOf(loggedIn))) this.mentions.bump(key);
      } else this.history.saveOwn(loggedIn, message);
    } else if (event.type === 'message-updated') {
      this.history.updateOwn(loggedIn, event.message, event.localId);
    }
  }

  /**
   * An edit, delete, reaction or receipt (protocol 1.2) in `key` of the logged-in account: kept
   * once, folded into the messages whenever they are read. False when it is known already.
   */
  recordRelation(account: string, key: string, relation: Relation): boolean {
    return this.history.saveRelation(account, key, relation);
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
          ? this.history.allMessages(account, key)
          : this.history.recentMessages(account, key, limit);
    const mentioned = this.mentions.of(key);
    return {
      key,
      kind: kindOf(key),
      messages,
      unread: this.unread.of(key),
      ...(mentioned > 0 ? { mentions: mentioned } : {}),
    };
  }

  markRead(key: string): void {
    this.sync();
    this.unread.markRead(key);
    this.mentions.markRead(key);
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
