/**
 * Every room, its members and invitations, in memory: requests are checked against this at once
 * (two joins pipelined in one turn: the second is a 409), and each change is also handed back as
 * a store write for the turn's transaction. Loaded from the store at start and after a failed commit.
 */
import type { MemberRow, RoomRow, RoomStore } from '../../store/rooms.js';

export interface Member {
  readonly user: string;
  joinedSeq: number;
  cursor: number;
  readUpTo: number;
  /** Set once kicked: the kick item's seq, the last one this member is sent. */
  until: number | null;
}

export interface Room {
  readonly name: string;
  readonly private: boolean;
  topic: string;
  owner: string | null;
  readonly creator: string;
  /** The highest seq handed out; items are visible once their turn has committed. */
  lastSeq: number;
  readonly createdAt: number;
  /** Members, and kicked members not yet told (until set). */
  readonly members: Map<string, Member>;
  /** Invitee → who invited them. */
  readonly invites: Map<string, string>;
  /** Current members (the entries without `until`). */
  active: number;
}

export class RoomDirectory {
  private readonly byName = new Map<string, Room>();
  /** User → rooms where the user has a member entry (kicked ones included). */
  private readonly byUser = new Map<string, Set<string>>();
  private readonly invitedTo = new Map<string, Set<string>>();
  private readonly created = new Map<string, number>();

  constructor(private readonly store: RoomStore) {
    this.load();
  }

  /** (Re)reads everything from the store: after a failed commit, memory follows the disk again. */
  load(): void {
    this.byName.clear();
    this.byUser.clear();
    this.invitedTo.clear();
    this.created.clear();
    for (const row of this.store.loadRooms()) {
      this.byName.set(row.name, {
        name: row.name,
        private: row.private,
        topic: row.topic,
        owner: row.owner,
        creator: row.creator,
        lastSeq: row.lastSeq,
        createdAt: row.createdAt,
        members: new Map(),
        invites: new Map(),
        active: 0,
      });
      this.created.set(row.creator, (this.created.get(row.creator) ?? 0) + 1);
    }
    for (const row of this.store.loadMembers()) {
      const room = this.byName.get(row.room);
      if (!room) continue;
      room.members.set(row.user, { ...row });
      if (row.until === null) room.active++;
      setOf(this.byUser, row.user).add(row.room);
    }
    for (const row of this.store.loadInvites()) {
      const room = this.byName.get(row.room);
      if (!room) continue;
      room.invites.set(row.user, row.by);
      setOf(this.invitedTo, row.user).add(row.room);
    }
  }

  get(name: string): Room | undefined {
    return this.byName.get(name);
  }

  all(): IterableIterator<Room> {
    return this.byName.values();
  }

  /** A current member (not one kicked). */
  member(room: Room, user: string): Member | undefined {
    const member = room.members.get(user);
    return member && member.until === null ? member : undefined;
  }

  memberCount(room: Room): number {
    return room.active;
  }

  /** Rooms where `user` has a member entry, kicked ones not yet told included. */
  roomsOf(user: string): ReadonlySet<string> {
    return this.byUser.get(user) ?? EMPTY;
  }

  invitationsOf(user: string): ReadonlySet<string> {
    return this.invitedTo.get(user) ?? EMPTY;
  }

  createdBy(user: string): number {
    return this.created.get(user) ?? 0;
  }

  create(name: string, isPrivate: boolean, topic: string, creator: string, now: number): Room {
    const room: Room = {
      name,
      private: isPrivate,
      topic,
      owner: creator,
      creator,
      lastSeq: 0,
      createdAt: now,
      members: new Map(),
      invites: new Map(),
      active: 0,
    };
    this.byName.set(name, room);
    this.created.set(creator, this.createdBy(creator) + 1);
    return room;
  }

  /** Joins `user` with their join item at `seq`; a last-member-less room gets them as owner. */
  join(room: Room, user: string, seq: number): Member {
    const member: Member = { user, joinedSeq: seq, cursor: seq - 1, readUpTo: 0, until: null };
    if (room.members.get(user)?.until === null) room.active--;
    room.members.set(user, member);
    room.active++;
    setOf(this.byUser, user).add(room.name);
    this.uninvite(room, user);
    if (room.owner === null) room.owner = user;
    return member;
  }

  invite(room: Room, user: string, by: string): void {
    room.invites.set(user, by);
    setOf(this.invitedTo, user).add(room.name);
  }

  uninvite(room: Room, user: string): void {
    room.invites.delete(user);
    this.invitedTo.get(user)?.delete(room.name);
  }

  /** Removes the member entry; an owner's room passes to the member who joined earliest. */
  remove(room: Room, user: string): void {
    if (room.members.get(user)?.until === null) room.active--;
    room.members.delete(user);
    this.byUser.get(user)?.delete(room.name);
    if (room.owner === user) room.owner = this.earliest(room);
  }

  /** Marks a member kicked at `seq`: not a member any more, but sent items up to the kick. */
  kick(room: Room, member: Member, seq: number): void {
    if (member.until === null) room.active--;
    member.until = seq;
    if (room.owner === member.user) room.owner = this.earliest(room);
  }

  private earliest(room: Room): string | null {
    let best: Member | undefined;
    for (const member of room.members.values()) {
      if (member.until === null && (best === undefined || member.joinedSeq < best.joinedSeq)) best = member;
    }
    return best?.user ?? null;
  }
}

export function roomRow(room: Room): RoomRow {
  const { name, topic, owner, creator, lastSeq, createdAt } = room;
  return { name, private: room.private, topic, owner, creator, lastSeq, createdAt };
}

export function memberRow(room: Room, member: Member): MemberRow {
  const { user, joinedSeq, cursor, readUpTo, until } = member;
  return { room: room.name, user, joinedSeq, cursor, readUpTo, until };
}

const EMPTY: ReadonlySet<string> = new Set();

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}
