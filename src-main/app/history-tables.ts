/**
 * Local history's small per-account tables, beside the messages: counts per conversation (unread,
 * mentions) and what the window had (drafts, the open conversation). Each write joins the turn's
 * transaction of the history they belong to.
 */
import type { HistoryDb } from './history-db.js';
import type { TurnTransaction } from './turn-transaction.js';
import type { UnreadStore } from './unread.js';

/** A count per (owner, conversation), only those above 0 kept: the `unread` or `mentions` table. */
export class CountTable implements UnreadStore {
  private readonly statements;

  constructor(
    db: HistoryDb,
    private readonly writes: TurnTransaction,
    table: 'unread' | 'mentions',
  ) {
    this.statements = {
      all: db.prepare(`SELECT conversation, count FROM ${table} WHERE owner = ?`),
      set: db.prepare(
        `INSERT INTO ${table} (owner, conversation, count) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET count = excluded.count`,
      ),
      clear: db.prepare(`DELETE FROM ${table} WHERE owner = ? AND conversation = ?`),
    };
  }

  unreadCounts(owner: string): Map<string, number> {
    const rows = this.statements.all.all(owner) as { conversation: string; count: number }[];
    return new Map(rows.map((r) => [r.conversation, r.count]));
  }

  setUnread(owner: string, key: string, count: number): void {
    this.writes.run(() => {
      if (count > 0) this.statements.set.run(owner, key, count);
      else this.statements.clear.run(owner, key);
    });
  }
}

/** Unsent text per conversation and the conversation that was open, per owner. */
export class ViewTables {
  private readonly statements;

  constructor(
    db: HistoryDb,
    private readonly writes: TurnTransaction,
  ) {
    this.statements = {
      drafts: db.prepare(`SELECT conversation, text FROM drafts WHERE owner = ?`),
      setDraft: db.prepare(
        `INSERT INTO drafts (owner, conversation, text) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET text = excluded.text`,
      ),
      clearDraft: db.prepare(`DELETE FROM drafts WHERE owner = ? AND conversation = ?`),
      openKey: db.prepare(`SELECT conversation FROM open_conversation WHERE owner = ?`),
      setOpenKey: db.prepare(
        `INSERT INTO open_conversation (owner, conversation) VALUES (?, ?)
         ON CONFLICT (owner) DO UPDATE SET conversation = excluded.conversation`,
      ),
      clearOpenKey: db.prepare(`DELETE FROM open_conversation WHERE owner = ?`),
    };
  }

  drafts(owner: string): Record<string, string> {
    const rows = this.statements.drafts.all(owner) as { conversation: string; text: string }[];
    return Object.fromEntries(rows.map((r) => [r.conversation, r.text]));
  }

  setDraft(owner: string, key: string, text: string): void {
    this.writes.run(() => {
      if (text === '') this.statements.clearDraft.run(owner, key);
      else this.statements.setDraft.run(owner, key, text);
    });
  }

  openKey(owner: string): string | undefined {
    return (this.statements.openKey.get(owner) as { conversation: string } | undefined)?.conversation;
  }

  setOpenKey(owner: string, key: string | undefined): void {
    this.writes.run(() => {
      if (key === undefined) this.statements.clearOpenKey.run(owner);
      else this.statements.setOpenKey.run(owner, key);
    });
  }
}
