/**
 * Local history: every conversation of every account that logged in with this profile, kept
 * apart by owner (an account's string form: server and user, see account.ts). A received message is written once (a redelivery returns false); a sent one is
 * written while `sending` and updated as its delivery state changes.
 */
import {
  chatMessage,
  keyOf,
  roomOf,
  type ChatMessage,
  type MessageKind,
  type Relation,
} from '../../src-shared/api/index.js';
import type { SearchHit } from '../../src-shared/api/index.js';
import { ftsQuery } from './fts-query.js';
import { openHistoryDb, type HistoryDb, type OpenOptions } from './history-db.js';
import { TurnTransaction } from './turn-transaction.js';

interface Row {
  row: number;
  id: string;
  kind: string;
  direction: string;
  sender: string;
  recipient: string | null;
  text: string;
  ts: number;
  state: string;
  reason: string | null;
  offline: number | null;
  skipped: number | null;
  seq: number | null;
  conversation?: string;
  reply_to?: string | null;
  extra?: string | null;
}

export class LocalHistory {
  private readonly db: HistoryDb;
  private readonly statements;
  /** Every write joins this turn's transaction. */
  private readonly writes: TurnTransaction;
  /** Rows of own messages by the local id they had while `sending` (this process only). */
  private readonly pendingRows = new Map<string, number>();

  constructor(file: string, options: OpenOptions = {}) {
    this.db = openHistoryDb(file, options);
    this.writes = new TurnTransaction(this.db);
    const columns = `owner, conversation, id, kind, direction, sender, recipient, text, ts, state,
      reason, offline, skipped, seq, reply_to, extra`;
    const values = `@owner, @conversation, @id, @kind, @direction, @sender, @recipient, @text, @ts,
      @state, @reason, @offline, @skipped, @seq, @replyTo, @extra`;
    this.statements = {
      insertIncoming: this.db.prepare(`INSERT OR IGNORE INTO messages (${columns}) VALUES (${values})`),
      insertOwn: this.db.prepare(`INSERT INTO messages (${columns}) VALUES (${values})`),
      update: this.db.prepare(
        `UPDATE messages SET id = @id, ts = @ts, state = @state, reason = @reason, skipped = @skipped
         WHERE row = @row`,
      ),
      findOwn: this.db.prepare(
        `SELECT row FROM messages WHERE owner = ? AND direction = 'out' AND id = ? ORDER BY row DESC LIMIT 1`,
      ),
      keys: this.db.prepare(
        `SELECT conversation, max(row) AS last FROM messages WHERE owner = ?
         GROUP BY conversation ORDER BY last DESC`,
      ),
      recent: this.db.prepare(
        `SELECT * FROM (SELECT * FROM messages WHERE owner = ? AND conversation = ? ORDER BY row DESC LIMIT ?)
         ORDER BY row`,
      ),
      all: this.db.prepare(`SELECT * FROM messages WHERE owner = ? AND conversation = ? ORDER BY row`),
      // Rooms are in seq order: older history comes in after newer items.
      recentRoom: this.db.prepare(
        `SELECT * FROM (SELECT * FROM messages WHERE owner = ? AND conversation = ? AND kind = 'room'
         ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
      ),
      allRoom: this.db.prepare(
        `SELECT * FROM messages WHERE owner = ? AND conversation = ? AND kind = 'room' ORDER BY seq`,
      ),
      oldestSeq: this.db.prepare(
        `SELECT min(seq) AS seq FROM messages WHERE owner = ? AND conversation = ? AND kind = 'room'`,
      ),
      insertRelation: this.db.prepare(
        `INSERT INTO relations (owner, conversation, identity, body) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET body = excluded.body WHERE excluded.identity LIKE 'read:%'`,
      ),
      relations: this.db.prepare(`SELECT body FROM relations WHERE owner = ? AND conversation = ?`),
      readPosition: this.db.prepare(`SELECT seq FROM read_positions WHERE owner = ? AND conversation = ?`),
      setReadPosition: this.db.prepare(
        `INSERT INTO read_positions (owner, conversation, seq) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET seq = max(seq, excluded.seq)`,
      ),
      mentions: this.db.prepare(`SELECT conversation, count FROM mentions WHERE owner = ?`),
      setMentions: this.db.prepare(
        `INSERT INTO mentions (owner, conversation, count) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET count = excluded.count`,
      ),
      clearMentions: this.db.prepare(`DELETE FROM mentions WHERE owner = ? AND conversation = ?`),
      unread: this.db.prepare(`SELECT conversation, count FROM unread WHERE owner = ?`),
      setUnread: this.db.prepare(
        `INSERT INTO unread (owner, conversation, count) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET count = excluded.count`,
      ),
      clearUnread: this.db.prepare(`DELETE FROM unread WHERE owner = ? AND conversation = ?`),
      failLeftovers: this.db.prepare(
        `UPDATE messages SET state = 'failed', reason = 'the app closed before an answer'
         WHERE owner = ? AND direction = 'out' AND state IN ('sending', 'queued')`,
      ),
      search: this.db.prepare(
        `SELECT m.* FROM messages_fts JOIN messages m ON m.row = messages_fts.rowid
         WHERE messages_fts MATCH @query AND m.owner = @owner ORDER BY m.row DESC LIMIT @limit`,
      ),
      drafts: this.db.prepare(`SELECT conversation, text FROM drafts WHERE owner = ?`),
      setDraft: this.db.prepare(
        `INSERT INTO drafts (owner, conversation, text) VALUES (?, ?, ?)
         ON CONFLICT (owner, conversation) DO UPDATE SET text = excluded.text`,
      ),
      clearDraft: this.db.prepare(`DELETE FROM drafts WHERE owner = ? AND conversation = ?`),
      openKey: this.db.prepare(`SELECT conversation FROM open_conversation WHERE owner = ?`),
      setOpenKey: this.db.prepare(
        `INSERT INTO open_conversation (owner, conversation) VALUES (?, ?)
         ON CONFLICT (owner) DO UPDATE SET conversation = excluded.conversation`,
      ),
      clearOpenKey: this.db.prepare(`DELETE FROM open_conversation WHERE owner = ?`),
      retireLocalIds: this.db.prepare(
        `UPDATE messages SET id = 'earlier-' || row
         WHERE owner = ? AND direction = 'out' AND state = 'failed' AND id NOT LIKE 'earlier-%'`,
      ),
    };
  }

  /**
   * Saves a received message; false when this owner already has it (a redelivery). It is durable
   * once `committed()` resolves.
   */
  saveIncoming(owner: string, message: ChatMessage): boolean {
    const params = this.params(owner, message);
    return this.writes.run(() => this.statements.insertIncoming.run(params).changes === 1);
  }

  /** Saves a room item (a message, or a membership or topic line) once, whoever sent it. */
  saveRoomItem(owner: string, message: ChatMessage): boolean {
    return this.saveIncoming(owner, message);
  }

  /**
   * Saves a relation of conversation `key`; false when it is known. A room member's read position
   * is one row per member (the newest replaces it); the others are kept each.
   */
  saveRelation(owner: string, key: string, relation: Relation): boolean {
    const identity =
      relation.type === 'read' && 'room' in relation
        ? `read:${relation.from}`
        : 'seq' in relation && relation.seq !== undefined
          ? `seq:${relation.seq}`
          : `own:${JSON.stringify(relation)}`;
    const body = JSON.stringify(relation);
    return this.writes.run(
      () => this.statements.insertRelation.run(owner, key, identity, body).changes === 1,
    );
  }

  /** Every relation kept for conversation `key`. */
  relations(owner: string, key: string): Relation[] {
    const rows = this.statements.relations.all(owner, key) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Relation);
  }

  /** The oldest seq kept of a room conversation. */
  oldestRoomSeq(owner: string, key: string): number | undefined {
    return (this.statements.oldestSeq.get(owner, key) as { seq: number | null }).seq ?? undefined;
  }

  readPosition(owner: string, key: string): number | undefined {
    return (this.statements.readPosition.get(owner, key) as { seq: number } | undefined)?.seq;
  }

  /** Moves this user's read position in a room forward (never back). */
  setReadPosition(owner: string, key: string, seq: number): void {
    this.writes.run(() => this.statements.setReadPosition.run(owner, key, seq));
  }

  mentionCounts(owner: string): Map<string, number> {
    const rows = this.statements.mentions.all(owner) as { conversation: string; count: number }[];
    return new Map(rows.map((r) => [r.conversation, r.count]));
  }

  setMentions(owner: string, key: string, count: number): void {
    this.writes.run(() => {
      if (count > 0) this.statements.setMentions.run(owner, key, count);
      else this.statements.clearMentions.run(owner, key);
    });
  }

  /** Resolves once every write made so far is committed (one commit per event-loop turn). */
  committed(): Promise<void> {
    return this.writes.committed();
  }

  /** How many commits this history made (tests check that a backlog doesn't cost one each). */
  get commitCount(): number {
    return this.writes.commits;
  }

  /** Saves a message this owner is sending. */
  saveOwn(owner: string, message: ChatMessage): void {
    const params = this.params(owner, message);
    const { lastInsertRowid } = this.writes.run(() => this.statements.insertOwn.run(params));
    this.pendingRows.set(`${owner}\n${message.id}`, Number(lastInsertRowid));
  }

  /** Records a sent message's new delivery state; `localId` is the id it had while `sending`. */
  updateOwn(owner: string, message: ChatMessage, localId: string): void {
    const pendingKey = `${owner}\n${localId}`;
    let row = this.pendingRows.get(pendingKey);
    if (row === undefined) {
      const found = this.statements.findOwn.get(owner, localId) as { row: number } | undefined;
      if (!found) return this.saveOwn(owner, message);
      row = found.row;
    }
    if (message.state !== 'sending') this.pendingRows.delete(pendingKey);
    const params = {
      row,
      id: message.id,
      ts: message.ts,
      state: message.state,
      reason: message.reason ?? null,
      skipped: message.skipped ?? null,
    };
    this.writes.run(() => this.statements.update.run(params));
  }

  /**
   * Call once per owner before this run sends anything: own messages an earlier run left
   * `sending` failed, and failed ones lose the local ids the new client will hand out again
   * (a retry of one of them then finds no such message, instead of another one).
   */
  retireEarlierRun(owner: string): void {
    this.writes.run(() => {
      this.statements.failLeftovers.run(owner);
      this.statements.retireLocalIds.run(owner);
    });
  }

  /** Unread counts by conversation key (only those above 0). */
  unreadCounts(owner: string): Map<string, number> {
    const rows = this.statements.unread.all(owner) as { conversation: string; count: number }[];
    return new Map(rows.map((r) => [r.conversation, r.count]));
  }

  setUnread(owner: string, key: string, count: number): void {
    this.writes.run(() => {
      if (count > 0) this.statements.setUnread.run(owner, key, count);
      else this.statements.clearUnread.run(owner, key);
    });
  }

  /** This owner's messages whose text has every word typed (the last as a prefix), newest first. */
  search(owner: string, typed: string, limit: number): SearchHit[] {
    const query = ftsQuery(typed);
    if (query === undefined) return [];
    const rows = this.statements.search.all({ owner, query, limit }) as (Row & { conversation: string })[];
    return rows.map((r) => ({ key: r.conversation, message: toMessage(r) }));
  }

  /** Unsent text per conversation key. */
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

  /** The conversation this owner had open last. */
  openKey(owner: string): string | undefined {
    return (this.statements.openKey.get(owner) as { conversation: string } | undefined)?.conversation;
  }

  setOpenKey(owner: string, key: string | undefined): void {
    this.writes.run(() => {
      if (key === undefined) this.statements.clearOpenKey.run(owner);
      else this.statements.setOpenKey.run(owner, key);
    });
  }

  /** This owner's conversation keys, the most recently active first. */
  conversationKeys(owner: string): string[] {
    return (this.statements.keys.all(owner) as { conversation: string }[]).map((r) => r.conversation);
  }

  /** The last `limit` messages of a conversation, oldest first. */
  recentMessages(owner: string, key: string, limit: number): ChatMessage[] {
    const statement = roomOf(key) === undefined ? this.statements.recent : this.statements.recentRoom;
    return (statement.all(owner, key, limit) as Row[]).map((r) => toMessage({ ...r, conversation: key }));
  }

  allMessages(owner: string, key: string): ChatMessage[] {
    const statement = roomOf(key) === undefined ? this.statements.all : this.statements.allRoom;
    return (statement.all(owner, key) as Row[]).map((r) => toMessage({ ...r, conversation: key }));
  }

  close(): void {
    if (!this.db.open) return;
    this.writes.flushNow();
    this.db.close();
  }

  private params(owner: string, m: ChatMessage): Record<string, unknown> {
    return {
      owner,
      conversation: keyOf(m),
      id: m.id,
      kind: m.kind,
      direction: m.direction,
      sender: m.from,
      recipient: m.to ?? null,
      text: m.text,
      ts: m.ts,
      state: m.state,
      reason: m.reason ?? null,
      offline: m.offline === undefined ? null : Number(m.offline),
      skipped: m.skipped ?? null,
      seq: m.seq ?? null,
      replyTo: m.replyTo ?? null,
      extra:
        m.blocked === true || m.deleted === true || m.notice !== undefined
          ? JSON.stringify({
              ...(m.blocked === true ? { blocked: true } : {}),
              ...(m.deleted === true ? { deleted: true } : {}),
              ...(m.notice === undefined ? {} : { notice: m.notice }),
            })
          : null,
    };
  }
}

/** A stored row back as a message; the schema check keeps a damaged row from reaching the UI. */
function toMessage(r: Row): ChatMessage {
  const room = r.kind === 'room' && r.conversation !== undefined ? roomOf(r.conversation) : undefined;
  const extra = r.extra ? (JSON.parse(r.extra) as Record<string, unknown>) : {};
  return chatMessage.parse({
    ...extra,
    ...(room === undefined ? {} : { room }),
    ...(r.reply_to ? { replyTo: r.reply_to } : {}),
    id: r.id,
    kind: r.kind as MessageKind,
    direction: r.direction,
    from: r.sender,
    ...(r.recipient === null ? {} : { to: r.recipient }),
    text: r.text,
    ts: r.ts,
    state: r.state,
    ...(r.reason === null ? {} : { reason: r.reason }),
    ...(r.offline === null ? {} : { offline: r.offline === 1 }),
    ...(r.skipped === null ? {} : { skipped: r.skipped }),
    ...(r.seq === null ? {} : { seq: r.seq }),
  });
}
