/**
 * Local history: every conversation of every account that logged in with this profile, kept
 * apart by owner (an account's string form: server and user, see account.ts). A received
 * message is written once (a redelivery returns false); a sent one is written while `sending`
 * and updated as its delivery state changes. Relations are kept beside and folded on reading.
 */
import {
  chatMessage,
  foldRelations,
  keyOf,
  relation as relationSchema,
  relationIdentity,
  type ChatMessage,
  type MessageKind,
  type Relation,
  type SearchHit,
} from '../../src-shared/api/index.js';
import { ftsQuery } from './fts-query.js';
import { openHistoryDb, type HistoryDb, type OpenOptions } from './history-db.js';
import { CountTable, ViewTables } from './history-tables.js';
import type { UnreadStore } from './unread.js';
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
  room: string | null;
  reply_to: string | null;
}

export class LocalHistory {
  private readonly db: HistoryDb;
  private readonly statements;
  /** Every write joins this turn's transaction. */
  private readonly writes: TurnTransaction;
  /** Rows of own messages by the local id they had while `sending` (this process only). */
  private readonly pendingRows = new Map<string, number>();
  private readonly unread: CountTable;
  /** Unread messages that mention the owner, by conversation key (only those above 0). */
  readonly mentions: UnreadStore;
  /** Drafts and the open conversation, per owner. */
  readonly view: ViewTables;

  constructor(file: string, options: OpenOptions = {}) {
    this.db = openHistoryDb(file, options);
    this.writes = new TurnTransaction(this.db);
    this.unread = new CountTable(this.db, this.writes, 'unread');
    this.mentions = new CountTable(this.db, this.writes, 'mentions');
    this.view = new ViewTables(this.db, this.writes);
    const columns = `owner, conversation, id, kind, direction, sender, recipient, text, ts, state,
      reason, offline, skipped, seq, room, reply_to`;
    const values = `@owner, @conversation, @id, @kind, @direction, @sender, @recipient, @text, @ts,
      @state, @reason, @offline, @skipped, @seq, @room, @replyTo`;
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
      failLeftovers: this.db.prepare(
        `UPDATE messages SET state = 'failed', reason = 'the app closed before an answer'
         WHERE owner = ? AND direction = 'out' AND state IN ('sending', 'queued')`,
      ),
      search: this.db.prepare(
        `SELECT m.* FROM messages_fts JOIN messages m ON m.row = messages_fts.rowid
         WHERE messages_fts MATCH @query AND m.owner = @owner ORDER BY m.row DESC LIMIT @limit`,
      ),
      saveRelation: this.db.prepare(
        `INSERT OR IGNORE INTO relations (owner, conversation, identity, body) VALUES (?, ?, ?, ?)`,
      ),
      // A deleted message's text is not kept (nor found by search), as the server forgets it.
      forget: this.db.prepare(
        `UPDATE messages SET text = '' WHERE owner = @owner AND conversation = @conversation AND id = @id
         AND (@room IS NOT NULL OR sender = @from)`,
      ),
      // The newest edit's text is what search finds (the fold shows it too, whatever the order).
      reword: this.db.prepare(
        `UPDATE messages SET text = @text WHERE owner = @owner AND conversation = @conversation AND id = @id
         AND (@room IS NOT NULL OR sender = @from) AND NOT EXISTS (
           SELECT 1 FROM relations r WHERE r.owner = @owner AND r.conversation = @conversation
           AND json_extract(r.body, '$.type') IN ('edit', 'delete') AND json_extract(r.body, '$.id') = @id
           AND (json_extract(r.body, '$.type') = 'delete' OR json_extract(r.body, '$.ts') > @ts))`,
      ),
      relations: this.db.prepare(
        `SELECT body FROM relations WHERE owner = ? AND conversation = ? ORDER BY row`,
      ),
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
    return this.unread.unreadCounts(owner);
  }

  setUnread(owner: string, key: string, count: number): void {
    this.unread.setUnread(owner, key, count);
  }

  /** This owner's messages whose text has every word typed (each as a prefix), newest first. */
  search(owner: string, typed: string, limit: number): SearchHit[] {
    const query = ftsQuery(typed);
    if (query === undefined) return [];
    const rows = this.statements.search.all({ owner, query, limit }) as (Row & { conversation: string })[];
    return rows.map((r) => ({ key: r.conversation, message: toMessage(r) }));
  }

  /** This owner's conversation keys, the most recently active first. */
  conversationKeys(owner: string): string[] {
    return (this.statements.keys.all(owner) as { conversation: string }[]).map((r) => r.conversation);
  }

  /** The last `limit` messages of a conversation, oldest first, relations folded in. */
  recentMessages(owner: string, key: string, limit: number): ChatMessage[] {
    return this.folded(owner, key, (this.statements.recent.all(owner, key, limit) as Row[]).map(toMessage));
  }

  allMessages(owner: string, key: string): ChatMessage[] {
    return this.folded(owner, key, (this.statements.all.all(owner, key) as Row[]).map(toMessage));
  }

  /** Keeps an edit, delete, reaction or receipt of a conversation; false when it is known already. */
  saveRelation(owner: string, key: string, relation: Relation): boolean {
    const body = JSON.stringify(relation);
    return this.writes.run(() => {
      const added =
        this.statements.saveRelation.run(owner, key, relationIdentity(relation), body).changes === 1;
      if (added && relation.type === 'delete') {
        const { id, from } = relation;
        this.statements.forget.run({ owner, conversation: key, id, from, room: relation.room ?? null });
      }
      if (added && relation.type === 'edit') {
        const { id, from, text, ts } = relation;
        this.statements.reword.run({
          owner,
          conversation: key,
          id,
          from,
          text,
          ts,
          room: relation.room ?? null,
        });
      }
      return added;
    });
  }

  private folded(owner: string, key: string, messages: ChatMessage[]): ChatMessage[] {
    const rows = this.statements.relations.all(owner, key) as { body: string }[];
    if (rows.length === 0) return messages;
    const relations: Relation[] = [];
    for (const { body } of rows) {
      // A damaged row is skipped, as a damaged message would be refused.
      let value: unknown;
      try {
        value = JSON.parse(body);
      } catch {
        continue;
      }
      const parsed = relationSchema.safeParse(value);
      if (parsed.success) relations.push(parsed.data);
    }
    return foldRelations(messages, relations);
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
      room: m.room ?? null,
      replyTo: m.replyTo ?? null,
    };
  }
}

/** A stored row back as a message; the schema check keeps a damaged row from reaching the UI. */
function toMessage(r: Row): ChatMessage {
  return chatMessage.parse({
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
    ...(r.room === null ? {} : { room: r.room }),
    ...(r.reply_to === null ? {} : { replyTo: r.reply_to }),
  });
}
