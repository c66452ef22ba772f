/**
 * Rooms at run time: the directory (who is in which room), each logged-in member's feed, and the
 * path of a change: checked and applied in memory when the request is handled, written in the
 * turn's one transaction (with the direct messages), answered 200 only after that commit, and
 * only then pushed to the members. Nothing is pushed that a kill -9 could take back.
 */
import { encodeResponse, encodeRoute, Status } from '../../../src-shared/protocol/index.js';
import type { ChatStore } from '../../store/chat-store.js';
import type { RoomItem, RoomItemType } from '../../store/rooms.js';
import type { DirectDelivery } from '../backend.js';
import type { WindowLimits } from '../mailbox.js';
import type { OnlineIndex } from '../online.js';
import { REPLY_RESERVED, type Reply } from '../reply.js';
import { sharedPushFrame, type LoggedInSession, type Session } from '../session.js';
import { memberRow, RoomDirectory, roomRow, type Member, type Room } from './room-directory.js';
import { RoomFeed } from './room-feed.js';
import { hiddenFrom, itemBody, placeholderBody } from './room-items.js';

const REFUSED = encodeResponse(Status.unavailable, 'the server could not store the change; try again');

/** The writes and items of one request, committed together. */
export class RoomChange {
  readonly writes: (() => void)[] = [];
  readonly items: RoomItem[] = [];
  readonly rooms = new Set<Room>();
  /** Run after the commit, before the items are pushed (feeds following a new member, say). */
  readonly before: (() => void)[] = [];
  /** Run after the items are pushed. */
  readonly after: (() => void)[] = [];
  /** Message ids this change deletes: refused by relations until the commit has them. */
  readonly deletes: string[] = [];

  constructor(private readonly service: RoomService) {}

  deleting(id: string): void {
    this.deletes.push(id);
    this.service.markPendingDelete(id);
  }

  /** Appends an item to the room's stream, at the next seq. */
  item(
    room: Room,
    type: RoomItemType,
    fields: { id: string; from: string | null; ts: number; text?: string | null; extra?: object },
  ): RoomItem {
    const item: RoomItem = {
      room: room.name,
      seq: ++room.lastSeq,
      type,
      id: fields.id,
      from: fields.from,
      ts: fields.ts,
      text: fields.text ?? null,
      extra: fields.extra === undefined ? null : JSON.stringify(fields.extra),
      deleted: false,
    };
    this.items.push(item);
    this.rooms.add(room);
    return item;
  }

  write(work: () => void): void {
    this.writes.push(work);
  }

  touch(room: Room): void {
    this.rooms.add(room);
  }

  member(room: Room, member: Member): void {
    const row = memberRow(room, member);
    this.writes.push(() => this.service.store.rooms.putMember(row));
  }

  /** Reserves the caller's response, filled with `reply()` once the change is committed. */
  commit(session: Session, reply: () => string): Reply {
    const slot = session.reserveReply();
    this.service.persist(this, (committed) => slot.fill(committed ? reply() : REFUSED));
    return REPLY_RESERVED;
  }
}

export class RoomService {
  readonly directory: RoomDirectory;
  private readonly feeds = new Map<string, RoomFeed>();
  /** Deletes and reaction changes of this turn, not yet in the store that checks them. */
  private readonly pendingDeletes = new Set<string>();
  private readonly pendingReactions = new Map<string, boolean>();

  constructor(
    readonly store: ChatStore,
    private readonly delivery: DirectDelivery,
    private readonly online: OnlineIndex,
    private readonly window: WindowLimits,
    private readonly onError: (error: unknown) => void,
  ) {
    this.directory = new RoomDirectory(store.rooms);
  }

  change(): RoomChange {
    return new RoomChange(this);
  }

  /** @internal Writes the change in this turn's transaction, then answers and pushes. */
  persist(change: RoomChange, answer: (committed: boolean) => void): void {
    this.delivery.defer({
      write: () => {
        const rooms = this.store.rooms;
        for (const room of change.rooms) rooms.putRoom(roomRow(room));
        for (const item of change.items) rooms.append(item);
        for (const work of change.writes) work();
      },
      done: (committed) => {
        for (const id of change.deletes) this.pendingDeletes.delete(id);
        if (!committed) {
          // Memory ran ahead of a transaction that did not happen: read the truth back.
          this.directory.load();
          for (const feed of this.feeds.values()) feed.retain((room) => this.followed(feed, room));
          answer(false);
          return;
        }
        for (const work of change.before) work();
        answer(true);
        for (const item of change.items) this.fanOut(item);
        for (const work of change.after) work();
      },
    });
  }

  /** @internal */
  markPendingDelete(id: string): void {
    this.pendingDeletes.add(id);
  }

  isPendingDelete(id: string): boolean {
    return this.pendingDeletes.has(id);
  }

  /** Whether `user` has reacted to message `id` with `emoji` (direct and room messages alike). */
  hasReaction(id: string, user: string, emoji: string): boolean {
    return (
      this.pendingReactions.get(reactionKey(id, user, emoji)) ?? this.store.rooms.hasReaction(id, user, emoji)
    );
  }

  /** Records a reaction change in this turn's commit. */
  setReaction(id: string, user: string, emoji: string, on: boolean): void {
    const key = reactionKey(id, user, emoji);
    this.pendingReactions.set(key, on);
    this.delivery.defer({
      write: () => this.store.rooms.setReaction(id, user, emoji, on),
      done: () => this.pendingReactions.delete(key),
    });
  }

  /**
   * The account `user` is gone (unregister): it leaves every room it is in (a `[member]` leave item
   * for the others, ownership passed on) and its invitations and kicked-member entries are dropped.
   */
  removeUser(user: string, newId: () => string, now: number): void {
    const change = this.change();
    for (const name of [...this.directory.roomsOf(user)]) {
      const room = this.directory.get(name);
      if (!room) continue;
      const wasMember = this.directory.member(room, user) !== undefined;
      this.directory.remove(room, user);
      change.touch(room);
      if (wasMember) {
        change.item(room, 'member', { id: newId(), from: null, ts: now, extra: { user, change: 'leave' } });
      }
    }
    for (const name of [...this.directory.invitationsOf(user)]) {
      const room = this.directory.get(name);
      if (room) this.directory.uninvite(room, user);
    }
    this.feeds.delete(user);
    change.write(() => this.store.rooms.removeUser(user));
    this.persist(change, () => {});
  }

  /** The online user's feed, made on first use (a join, a create) for users who had no room. */
  feedOf(user: string): RoomFeed | undefined {
    const feed = this.feeds.get(user);
    if (feed !== undefined) return feed;
    const session = this.online.get(user);
    return session?.username === user ? this.newFeed(session as LoggedInSession) : undefined;
  }

  /**
   * A member logged in: the items after its cursor in every room start flowing, windowed. A user in
   * no room gets no feed until it joins one: a feed and its closures were most of an idle session's
   * heap (docs/performance.md, "Memory per idle session").
   */
  attach(session: LoggedInSession): void {
    const user = session.username;
    if (this.directory.roomsOf(user).size === 0) return;
    const feed = this.newFeed(session);
    for (const name of this.directory.roomsOf(user)) {
      const room = this.directory.get(name);
      const member = room?.members.get(user);
      if (!room || !member) continue;
      feed.follow(name, member.cursor, member.until ?? Infinity, room.lastSeq);
    }
    feed.refill();
  }

  private newFeed(session: LoggedInSession): RoomFeed {
    const user = session.username;
    const feed = new RoomFeed(session, this.window, {
      latest: (room) => this.directory.get(room)?.lastSeq ?? 0,
      page: (room, after, through, limit) => this.store.rooms.after(room, after, through, limit),
      frame: (item, offline) => {
        const body = hiddenFrom(item, user, this.store.blocks) ? placeholderBody(item) : itemBody(item);
        if (offline) body.offline = true;
        return encodeRoute(item.type, body);
      },
    });
    this.feeds.set(user, feed);
    return feed;
  }

  /** Whether `feed`'s user still has a member entry in `room` (after a reload). */
  private followed(feed: RoomFeed, room: string): boolean {
    const user = feed.session.username;
    return user !== undefined && this.directory.get(room)?.members.has(user) === true;
  }

  detach(session: Session): void {
    const user = session.username;
    if (user !== undefined && this.feeds.get(user)?.session === session) this.feeds.delete(user);
  }

  /** Pushes a committed item to every online member it is for. */
  private fanOut(item: RoomItem): void {
    const room = this.directory.get(item.room);
    if (!room) return;
    let full: string | Buffer | undefined;
    let hidden: string | Buffer | undefined;
    const blocks = this.store.blocks;
    for (const member of room.members.values()) {
      if (member.until !== null && item.seq > member.until) continue;
      const feed = this.feeds.get(member.user);
      if (!feed) continue;
      feed.offer(item, () => {
        if (hiddenFrom(item, member.user, blocks)) {
          return (hidden ??= sharedPushFrame(item.type, placeholderBody(item)));
        }
        return (full ??= sharedPushFrame(item.type, itemBody(item)));
      });
    }
  }

  /** Sends a live frame (no seq) to the room's online members but `except`, skipping those `skip` names. */
  tellMembers(room: Room, except: string, frame: string, skip: (member: string) => boolean): void {
    for (const member of room.members.values()) {
      if (member.until !== null || member.user === except || skip(member.user)) continue;
      this.online.get(member.user)?.push(frame);
    }
  }

  reportError(error: unknown): void {
    this.onError(error);
  }
}

function reactionKey(id: string, user: string, emoji: string): string {
  return `${id}\n${user}\n${emoji}`;
}
