/**
 * Relations, receipts and typing (protocol 1.2), direct and in rooms: `[edit]`, `[delete]`,
 * `[react]`, `[read]`, `[typing]`. Direct ones are items of the recipient's direct stream (stored
 * until acked, like a message) and obey blocks as a message does; room ones are room items.
 */
import {
  encodeRoute,
  StandardMessage,
  Status,
  type RequestBody,
} from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { fail, ok, REPLY_RESERVED, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';
import { findRoom, isReply } from './rooms.js';

const EMPTY_OK = '[200] {}\n';
const emptyOk = (): string => EMPTY_OK;
const editReply = (ts: number): string => `[200] {"ts":${ts}}\n`;
const NOT_A_MEMBER = 'you are not a member of this room';
const NO_SUCH_MESSAGE = 'no such message in this room';

/** The 400/404/403 a direct message to `to` would get, or undefined when it may go. */
export function directRefusal(ctx: ServerContext, from: string, to: string): Reply | undefined {
  if (to === from) return fail(Status.badRequest, 'you cannot message yourself');
  if (!ctx.store.users.exists(to)) return fail(Status.notFound, 'no such user');
  if (ctx.store.blocks.has(to, from)) return fail(Status.forbidden, StandardMessage.blockedByRecipient);
  return undefined;
}

/** A direct item other than a plain message, answered once it is safe (delivery.ts). */
function sendDirect(
  ctx: ServerContext,
  session: LoggedInSession,
  to: string,
  route: string,
  fields: { id: string; text?: string; extra?: object },
  reply: (ts: number) => string,
): Reply {
  const refusal = directRefusal(ctx, session.username, to);
  if (refusal) return refusal;
  const ts = ctx.clock();
  ctx.delivery.send(
    session,
    { id: fields.id, from: session.username, to, text: fields.text ?? '', ts },
    undefined,
    { route, extra: fields.extra === undefined ? undefined : JSON.stringify(fields.extra), reply: reply(ts) },
  );
  return REPLY_RESERVED;
}

/** A room message item that relations may refer to: exists, is not deleted (404 otherwise). */
function liveMessage(ctx: ServerContext, room: string, id: string) {
  const item = ctx.local.rooms.message(room, id);
  if (!item || item.deleted || ctx.rooms.isPendingDelete(id)) return undefined;
  return item;
}

export function edit(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'edit'>): Reply {
  const user = session.username;
  if (body.to !== undefined) {
    return sendDirect(ctx, session, body.to, 'edit', { id: body.id, text: body.text }, editReply);
  }
  const found = findRoom(ctx, body.room ?? '');
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  const target = liveMessage(ctx, room.name, body.id);
  if (!target) return fail(Status.notFound, NO_SUCH_MESSAGE);
  if (target.from !== user) return fail(Status.forbidden, 'only the author edits a message');
  const ts = ctx.clock();
  const change = ctx.rooms.change();
  change.item(room, 'edit', { id: body.id, from: user, ts, text: body.text });
  return change.commit(session, () => editReply(ts));
}

export function del(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'delete'>): Reply {
  const user = session.username;
  if (body.to !== undefined) {
    const refusal = directRefusal(ctx, user, body.to);
    if (refusal) return refusal;
    ctx.delivery.forget(body.to, user, body.id);
    return sendDirect(ctx, session, body.to, 'delete', { id: body.id }, emptyOk);
  }
  const found = findRoom(ctx, body.room ?? '');
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  const target = liveMessage(ctx, room.name, body.id);
  if (!target) return fail(Status.notFound, NO_SUCH_MESSAGE);
  if (target.from !== user && room.owner !== user) {
    return fail(Status.forbidden, 'only the author or the owner deletes a message');
  }
  const change = ctx.rooms.change();
  change.deleting(body.id);
  change.write(() => ctx.local.rooms.tombstone(room.name, body.id));
  change.item(room, 'delete', { id: body.id, from: user, ts: ctx.clock() });
  return change.commit(session, () => EMPTY_OK);
}

export function react(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'react'>): Reply {
  const user = session.username;
  const { id, emoji, on } = body;
  if (body.to !== undefined) {
    const refusal = directRefusal(ctx, user, body.to);
    if (refusal) return refusal;
    if (ctx.rooms.hasReaction(id, user, emoji) === on) return ok();
    ctx.rooms.setReaction(id, user, emoji, on);
    return sendDirect(ctx, session, body.to, 'reaction', { id, extra: { emoji, on } }, emptyOk);
  }
  const found = findRoom(ctx, body.room ?? '');
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  if (!liveMessage(ctx, room.name, id)) return fail(Status.notFound, NO_SUCH_MESSAGE);
  if (ctx.rooms.hasReaction(id, user, emoji) === on) return ok();
  ctx.rooms.setReaction(id, user, emoji, on);
  const change = ctx.rooms.change();
  change.item(room, 'reaction', { id, from: user, ts: ctx.clock(), extra: { emoji, on } });
  return change.commit(session, () => EMPTY_OK);
}

export function read(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'read'>): Reply {
  const user = session.username;
  if (body.to !== undefined) {
    const upTo = String(body.upTo);
    return sendDirect(ctx, session, body.to, 'read', { id: upTo, extra: { upTo } }, emptyOk);
  }
  const found = findRoom(ctx, body.room ?? '');
  if (isReply(found)) return found;
  const room = found;
  const member = ctx.rooms.directory.member(room, user);
  if (!member) return fail(Status.forbidden, NOT_A_MEMBER);
  const upTo = Number(body.upTo);
  if (upTo > room.lastSeq) return fail(Status.badRequest, "upTo is above the room's latest seq");
  if (upTo <= member.readUpTo) return ok();
  member.readUpTo = upTo;
  const change = ctx.rooms.change();
  change.write(() => ctx.local.rooms.setReadUpTo(room.name, user, upTo));
  change.after.push(() => {
    const frame = encodeRoute('read', { room: room.name, from: user, upTo });
    ctx.rooms.tellMembers(room, user, frame, (other) => ctx.store.blocks.has(other, user));
  });
  return change.commit(session, () => EMPTY_OK);
}

export function typing(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'typing'>): Reply {
  const user = session.username;
  const now = ctx.clock();
  if (body.to !== undefined) {
    const refusal = directRefusal(ctx, user, body.to);
    if (refusal) return refusal;
    if (ctx.typing.pass(user, body.to, body.active, now)) {
      ctx.online.get(body.to)?.push(encodeRoute('typing', { from: user, active: body.active }));
    }
    return ok();
  }
  const found = findRoom(ctx, body.room ?? '');
  if (isReply(found)) return found;
  const room = found;
  if (!ctx.rooms.directory.member(room, user)) return fail(Status.forbidden, NOT_A_MEMBER);
  if (ctx.typing.pass(user, `#${room.name}`, body.active, now)) {
    const frame = encodeRoute('typing', { from: user, room: room.name, active: body.active });
    ctx.rooms.tellMembers(room, user, frame, (other) => ctx.store.blocks.has(other, user));
  }
  return ok();
}
