/**
 * Rooms on disk (protocol 1.2): each room's settings and latest seq, its members (joined seq,
 * delivery cursor, read position), invitations, its items (the room's history, by seq) and the
 * reactions of every message, direct ones included. The server keeps rooms, members and
 * invitations in memory and writes them through here, inside its per-turn transaction.
 */
import type { Db } from './database.js';

export interface RoomRow {
  readonly name: string;
  readonly private: boolean;
  readonly topic: string;
  readonly owner: string | null;
  readonly creator: string;
  readonly lastSeq: number;
  readonly createdAt: number;
}

export interface MemberRow {
  readonly room: string;
  readonly user: string;
  readonly joinedSeq: number;
  readonly cursor: number;
  readonly readUpTo: number;
  /** A kicked member's kick item: it is delivered up to there and no further. */
  readonly until: number | null;
}

export interface InviteRow {
  readonly room: string;
  readonly user: string;
  readonly by: string;
}

export type RoomItemType = 'message' | 'edit' | 'delete' | 'reaction' | 'member' | 'topic';

export interface RoomItem {
  readonly room: string;
  readonly seq: number;
  readonly type: RoomItemType;
  readonly id: string;
  /** The author; for a `member` item, null. */
  readonly from: string | null;
  readonly ts: number;
  /** A message's or edit's text, a topic item's topic; null once the message is deleted. */
  readonly text: string | null;
  /** The type's own fields as a JSON object (replyTo; emoji and on; user, change and by). */
  readonly extra: string | null;
  readonly deleted: boolean;
}

interface ItemRow extends Omit<RoomItem, 'deleted'> {
  readonly deleted: number;
}

const ITEM_COLUMNS = 'room, seq, type, id, sender AS "from", ts, text, extra, deleted';

export class RoomStore {
  private readonly upsertRoom;
  private readonly upsertMember;
  private readonly deleteMemberRow;
  private readonly updateCursor;
  private readonly updateRead;
  private readonly insertInvite;
  private readonly deleteInviteRow;
  private readonly insertItem;
  private readonly markDeleted;
  private readonly selectAfter;
  private readonly selectBefore;
  private readonly selectMessage;
  private readonly selectReaction;
  private readonly insertReaction;
  private readonly deleteReaction;
  private readonly deleteUserMembers;
  private readonly deleteUserInvites;
  private readonly passOwnership;

  constructor(private readonly db: Db) {
    this.upsertRoom = db.prepare<[string, number, string, string | null, string, number, number]>(
      `INSERT INTO rooms (name, private, topic, owner, creator, last_seq, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET topic = excluded.topic, owner = excluded.owner,
         last_seq = excluded.last_seq`,
    );
    this.upsertMember = db.prepare<[string, string, number, number, number, number | null]>(
      `INSERT INTO room_members (room, username, joined_seq, cursor, read_up_to, until_seq)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (room, username) DO UPDATE SET joined_seq = excluded.joined_seq,
         cursor = excluded.cursor, read_up_to = excluded.read_up_to, until_seq = excluded.until_seq`,
    );
    this.deleteMemberRow = db.prepare<[string, string]>(
      'DELETE FROM room_members WHERE room = ? AND username = ?',
    );
    this.updateCursor = db.prepare<[number, string, string]>(
      'UPDATE room_members SET cursor = max(cursor, ?) WHERE room = ? AND username = ?',
    );
    this.updateRead = db.prepare<[number, string, string]>(
      'UPDATE room_members SET read_up_to = max(read_up_to, ?) WHERE room = ? AND username = ?',
    );
    this.insertInvite = db.prepare<[string, string, string]>(
      'INSERT OR REPLACE INTO room_invites (room, username, invited_by) VALUES (?, ?, ?)',
    );
    this.deleteInviteRow = db.prepare<[string, string]>(
      'DELETE FROM room_invites WHERE room = ? AND username = ?',
    );
    this.insertItem = db.prepare<
      [string, number, string, string, string | null, number, string | null, string | null]
    >(
      `INSERT INTO room_items (room, seq, type, id, sender, ts, text, extra)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.markDeleted = db.prepare<[string, string]>(
      `UPDATE room_items SET text = NULL, deleted = 1
       WHERE id = ? AND room = ? AND type IN ('message', 'edit')`,
    );
    this.selectAfter = db.prepare<[string, number, number, number], ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM room_items
       WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
    );
    this.selectBefore = db.prepare<[string, number, number, number], ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM room_items
       WHERE room = ? AND seq >= ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
    );
    this.selectMessage = db.prepare<[string, string], ItemRow>(
      `SELECT ${ITEM_COLUMNS} FROM room_items WHERE id = ? AND room = ? AND type = 'message'`,
    );
    this.selectReaction = db.prepare<[string, string, string], { n: number }>(
      'SELECT 1 AS n FROM reactions WHERE message_id = ? AND username = ? AND emoji = ?',
    );
    this.insertReaction = db.prepare<[string, string, string]>(
      'INSERT OR IGNORE INTO reactions (message_id, username, emoji) VALUES (?, ?, ?)',
    );
    this.deleteReaction = db.prepare<[string, string, string]>(
      'DELETE FROM reactions WHERE message_id = ? AND username = ? AND emoji = ?',
    );
    this.deleteUserMembers = db.prepare<[string]>('DELETE FROM room_members WHERE username = ?');
    this.deleteUserInvites = db.prepare<[string]>('DELETE FROM room_invites WHERE username = ?');
    this.passOwnership = db.prepare<[string]>(
      `UPDATE rooms SET owner = (SELECT m.username FROM room_members m
         WHERE m.room = rooms.name AND m.until_seq IS NULL ORDER BY m.joined_seq LIMIT 1)
       WHERE owner = ?`,
    );
  }

  loadRooms(): RoomRow[] {
    return this.db
      .prepare<[], Omit<RoomRow, 'private'> & { private: number }>(
        `SELECT name, private, topic, owner, creator, last_seq AS lastSeq, created_at AS createdAt
         FROM rooms`,
      )
      .all()
      .map((row) => ({ ...row, private: row.private === 1 }));
  }

  loadMembers(): MemberRow[] {
    return this.db
      .prepare<[], MemberRow>(
        `SELECT room, username AS user, joined_seq AS joinedSeq, cursor, read_up_to AS readUpTo,
           until_seq AS until FROM room_members`,
      )
      .all();
  }

  loadInvites(): InviteRow[] {
    return this.db
      .prepare<[], InviteRow>('SELECT room, username AS user, invited_by AS by FROM room_invites')
      .all();
  }

  putRoom(room: RoomRow): void {
    this.upsertRoom.run(
      room.name,
      room.private ? 1 : 0,
      room.topic,
      room.owner,
      room.creator,
      room.lastSeq,
      room.createdAt,
    );
  }

  putMember(member: MemberRow): void {
    const { room, user, joinedSeq, cursor, readUpTo, until } = member;
    this.upsertMember.run(room, user, joinedSeq, cursor, readUpTo, until);
  }

  deleteMember(room: string, user: string): void {
    this.deleteMemberRow.run(room, user);
  }

  setCursor(room: string, user: string, cursor: number): void {
    this.updateCursor.run(cursor, room, user);
  }

  setReadUpTo(room: string, user: string, readUpTo: number): void {
    this.updateRead.run(readUpTo, room, user);
  }

  putInvite(invite: InviteRow): void {
    this.insertInvite.run(invite.room, invite.user, invite.by);
  }

  deleteInvite(room: string, user: string): void {
    this.deleteInviteRow.run(room, user);
  }

  append(item: RoomItem): void {
    const { room, seq, type, id, from, ts, text, extra } = item;
    this.insertItem.run(room, seq, type, id, from, ts, text, extra);
  }

  /** Forgets a message's text and its edits' texts; the items stay, marked deleted. */
  tombstone(room: string, id: string): void {
    this.markDeleted.run(id, room);
  }

  /** Items after `afterSeq` up to `throughSeq`, oldest first, at most `limit`. */
  after(room: string, afterSeq: number, throughSeq: number, limit: number): RoomItem[] {
    return this.selectAfter.all(room, afterSeq, throughSeq, limit).map(toItem);
  }

  /** The newest `limit` items with `fromSeq` <= seq < `beforeSeq`, oldest first. */
  before(room: string, fromSeq: number, beforeSeq: number, limit: number): RoomItem[] {
    return this.selectBefore.all(room, fromSeq, beforeSeq, limit).map(toItem).reverse();
  }

  /** The message item `id` of `room`, if it is one. */
  message(room: string, id: string): RoomItem | undefined {
    const row = this.selectMessage.get(id, room);
    return row && toItem(row);
  }

  hasReaction(messageId: string, user: string, emoji: string): boolean {
    return this.selectReaction.get(messageId, user, emoji) !== undefined;
  }

  setReaction(messageId: string, user: string, emoji: string, on: boolean): void {
    if (on) this.insertReaction.run(messageId, user, emoji);
    else this.deleteReaction.run(messageId, user, emoji);
  }

  /**
   * Forgets the user's memberships and invitations (its account is gone); the rooms it owned pass
   * to their earliest-joined member (none: no owner).
   */
  removeUser(user: string): void {
    this.deleteUserMembers.run(user);
    this.deleteUserInvites.run(user);
    this.passOwnership.run(user);
  }
}

function toItem(row: ItemRow): RoomItem {
  return { ...row, deleted: row.deleted === 1 };
}
