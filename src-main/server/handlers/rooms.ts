/**
 * The room routes of protocol 1.2: create, list, join, invite, leave, kick, topic, members, a room
 * message, a room ack and history. Checks run against the in-memory directory; every change is
 * answered after its commit (room-service.ts).
 */
import {
  DEFAULT_HISTORY_LIMIT,
  encodeResponse,
  encodeRoute,
  MAX_FRAME_BYTES,
  Status,
  type JsonObject,
  type RequestBody,
} from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { fail, ok, type Reply } from '../reply.js';
import type { RoomItem } from '../../store/rooms.js';
import type { Room } from '../rooms/room-directory.js';
import { historyEntry } from '../rooms/room-items.js';
import type { LoggedInSession } from '../session.js';

const NO_SUCH_ROOM = 'no such room';
const NOT_A_MEMBER = 'you are not a member of this room';

function okFrame(body: JsonObject = {}): string {
  return encodeResponse(Status.ok, body);
}

/** The room, or the 404 every room route gives for an unknown one. */
export function findRoom(ctx: ServerContext, name: string): Room | Reply {
  return ctx.rooms.directory.get(name) ?? fail(Status.notFound, NO_SUCH_ROOM);
}

export function isReply(value: Room | Reply): value is Reply {
  return !('members' in value);
}

export function roomcreate(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'roomcreate'>,
): Reply {
  const user = session.username;
  const { directory } = ctx.rooms;
  if (directory.get(body.room)) return fail(Status.conflict, 'room name taken');
  const most = ctx.options.limits.roomsPerUser;
  if (directory.createdBy(user) >= most) {
    return fail(Status.forbidden, `you may create at most ${most} rooms`);
  }
  const now = ctx.clock();
  const room = directory.create(body.room, body.private ?? false, body.topic ?? '', user, now);
  const change = ctx.rooms.change();
  change.touch(room);
  const item = change.item(room, 'member', {
    id: ctx.ids.next(),
    from: null,
    ts: now,
    extra: { user, change: 'join' },
  });
  change.member(room, directory.join(room, user, item.seq));
  ctx.rooms.feedOf(user)?.follow(room.name, item.seq - 1, Infinity, 0);
  return change.commit(session, () => okFrame({ room: room.name }));
}

export function rooms(ctx: ServerContext, session: LoggedInSession): Reply {
  const user = session.username;
  const { directory } = ctx.rooms;
  const list = [];
  for (const room of directory.all()) {
    const joined = directory.member(room, user) !== undefined;
    const invited = room.invites.has(user);
    if (room.private && !joined && !invited) continue;
    list.push({
      room: room.name,
      private: room.private,
      topic: room.topic,
      owner: room.owner,
      members: directory.memberCount(room),
      joined,
      invited,
    });
  }
  list.sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : 0));
  return ok({ rooms: list });
}

export function roomjoin(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'roomjoin'>): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  const { directory } = ctx.rooms;
  if (directory.member(room, user)) return fail(Status.conflict, 'you are already a member of this room');
  const invited = room.invites.has(user);
  if (room.private && !invited) return fail(Status.forbidden, 'this room is private: you need an invitation');
  const most = ctx.options.limits.membersPerRoom;
  if (directory.memberCount(room) >= most)
    return fail(Status.forbidden, `this room is full (${most} members)`);
  const change = ctx.rooms.change();
  const item = change.item(room, 'member', {
    id: ctx.ids.next(),
    from: null,
    ts: ctx.clock(),
    extra: { user, change: 'join' },
  });
  change.member(room, directory.join(room, user, item.seq));
  if (invited) change.write(() => ctx.local.rooms.deleteInvite(room.name, user));
  ctx.rooms.feedOf(user)?.follow(room.name, item.seq - 1, Infinity, 0);
  return change.commit(session, () => okFrame({ room: room.name, seq: item.seq }));
}

export function roominvite(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'roominvite'>,
): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  const { directory } = ctx.rooms;
  if (!directory.member(room, user)) return fail(Status.forbidden, 'only members invite');
  const invitee = body.user;
  if (invitee === user) return fail(Status.badRequest, 'you cannot invite yourself');
  if (!ctx.store.users.exists(invitee)) return fail(Status.notFound, 'no such user');
  if (ctx.store.blocks.has(invitee, user)) return fail(Status.forbidden, 'this user has blocked you');
  if (directory.member(room, invitee)) return fail(Status.conflict, 'already a member');
  if (room.invites.has(invitee)) return fail(Status.conflict, 'already invited');
  const now = ctx.clock();
  if (ctx.inviteThrottle.isThrottled(user, now)) {
    return fail(Status.tooManyRequests, 'too many invitations; try again in a minute');
  }
  ctx.inviteThrottle.record(user, now);
  directory.invite(room, invitee, user);
  const change = ctx.rooms.change();
  change.write(() => ctx.local.rooms.putInvite({ room: room.name, user: invitee, by: user }));
  change.after.push(() => {
    if (!room.invites.has(invitee)) return;
    ctx.online
      .get(invitee)
      ?.push(
        encodeRoute('roominvited', { room: room.name, by: user, private: room.private, topic: room.topic }),
      );
  });
  return change.commit(session, () => okFrame());
}

export function roomleave(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'roomleave'>,
): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  const { directory } = ctx.rooms;
  if (!directory.member(room, user)) return fail(Status.notFound, NOT_A_MEMBER);
  directory.remove(room, user);
  ctx.rooms.feedOf(user)?.unfollow(room.name);
  const change = ctx.rooms.change();
  change.write(() => ctx.local.rooms.deleteMember(room.name, user));
  change.item(room, 'member', {
    id: ctx.ids.next(),
    from: null,
    ts: ctx.clock(),
    extra: { user, change: 'leave' },
  });
  return change.commit(session, () => okFrame());
}

export function roomkick(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'roomkick'>): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  const { directory } = ctx.rooms;
  if (room.owner !== user || !directory.member(room, user)) {
    return fail(Status.forbidden, 'only the owner kicks');
  }
  if (body.user === user) return fail(Status.badRequest, 'you cannot kick yourself');
  const member = directory.member(room, body.user);
  if (!member) return fail(Status.notFound, 'not a member of this room');
  const change = ctx.rooms.change();
  const item = change.item(room, 'member', {
    id: ctx.ids.next(),
    from: null,
    ts: ctx.clock(),
    extra: { user: body.user, change: 'kick', by: user },
  });
  directory.kick(room, member, item.seq);
  change.member(room, member);
  ctx.rooms.feedOf(body.user)?.setUntil(room.name, item.seq);
  return change.commit(session, () => okFrame());
}

export function roomtopic(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'roomtopic'>,
): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  room.topic = body.topic;
  const change = ctx.rooms.change();
  change.item(room, 'topic', { id: ctx.ids.next(), from: user, ts: ctx.clock(), text: body.topic });
  return change.commit(session, () => okFrame());
}

export function roommembers(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'roommembers'>,
): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  if (room.private && !ctx.rooms.directory.member(room, user)) {
    return fail(Status.forbidden, 'the members of a private room are for its members');
  }
  const members = [];
  for (const member of room.members.values()) {
    if (member.until !== null) continue;
    const name = member.user;
    members.push({
      user: name,
      owner: room.owner === name,
      online: ctx.online.has(name) && !ctx.store.blocks.has(name, user),
      readUpTo: member.readUpTo,
    });
  }
  members.sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : 0));
  return ok({ members });
}

export function roomMessage(
  ctx: ServerContext,
  session: LoggedInSession,
  name: string,
  text: string,
  replyTo: string | undefined,
): Reply {
  const user = session.username;
  const found = findRoom(ctx, name);
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  if (replyTo !== undefined && !ctx.local.rooms.message(room.name, replyTo)) {
    return fail(Status.notFound, 'replyTo is not a message of this room');
  }
  const change = ctx.rooms.change();
  const id = ctx.ids.next();
  const ts = ctx.clock();
  const item = change.item(room, 'message', {
    id,
    from: user,
    ts,
    text,
    ...(replyTo === undefined ? {} : { extra: { replyTo } }),
  });
  return change.commit(session, () => okFrame({ id, seq: item.seq, ts }));
}

/** `[ack] {room, seq}`: moves the member's delivery cursor; a kicked member's last ack ends it. */
export function roomAck(ctx: ServerContext, session: LoggedInSession, name: string, seq: number): Reply {
  const user = session.username;
  const found = findRoom(ctx, name);
  if (isReply(found)) return found;
  const room = found;
  const member = room.members.get(user);
  if (!member) return fail(Status.forbidden, NOT_A_MEMBER);
  const feed = ctx.rooms.feedOf(user);
  if (seq > 0 && (feed === undefined || feed.ack(room.name, seq) === 'too-high')) {
    return fail(Status.badRequest, 'seq is above the highest item of this room sent on this connection');
  }
  if (seq <= member.cursor) return ok();
  member.cursor = seq;
  const change = ctx.rooms.change();
  if (member.until !== null && seq >= member.until) {
    ctx.rooms.directory.remove(room, user);
    feed?.unfollow(room.name);
    change.write(() => ctx.local.rooms.deleteMember(room.name, user));
  } else change.write(() => ctx.local.rooms.setCursor(room.name, user, seq));
  return change.commit(session, () => okFrame());
}

export function history(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'history'>): Reply {
  const user = session.username;
  const found = findRoom(ctx, body.room);
  if (isReply(found)) return found;
  const room = found;
  const member = ctx.rooms.directory.member(room, user);
  if (!member) return fail(Status.forbidden, NOT_A_MEMBER);
  const now = ctx.clock();
  if (ctx.historyThrottle.isThrottled(user, now)) {
    return fail(Status.tooManyRequests, 'too many history requests; try again in a minute');
  }
  ctx.historyThrottle.record(user, now);
  const visibleFrom = room.private ? member.joinedSeq : 1;
  const before = body.before ?? room.lastSeq + 1;
  const page = ctx.local.rooms.before(room.name, visibleFrom, before, body.limit ?? DEFAULT_HISTORY_LIMIT);
  // The answer is one frame, and clients read at most 64 KiB of one: the newest items that fit.
  const items: JsonObject[] = [];
  let bytes = 0;
  let oldest = page.length;
  for (let i = page.length - 1; i >= 0; i--) {
    const entry = historyEntry(page[i] as RoomItem, user, ctx.store.blocks);
    bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
    if (bytes > HISTORY_FRAME_BUDGET && items.length > 0) break;
    items.push(entry);
    oldest = i;
  }
  items.reverse();
  const first = page[oldest];
  return ok({ items, more: oldest > 0 || (first !== undefined && first.seq > visibleFrom) });
}

/** A history answer's items stay this far under the frame limit (room for the envelope). */
const HISTORY_FRAME_BUDGET = MAX_FRAME_BYTES - 256;
