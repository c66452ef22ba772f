/**
 * Protocol 1.2 bodies of rooms, relations (replies, edits, deletes, reactions), read receipts and
 * typing. The route tables in schemas.ts take these in; the `[message]` and `[ack]` bodies grow
 * the room forms here too, so one schema decides what a valid request is. schemas.ts hands in its
 * username and text rules (a factory, not an import, so the two modules do not import each other).
 */
import { z } from 'zod';

export const ROOM_NAME_PATTERN = /^[a-z0-9_-]{1,32}$/;
export const MAX_TOPIC_CHARS = 200;
export const MAX_EMOJI_CHARS = 16;
export const MAX_HISTORY_LIMIT = 200;
export const DEFAULT_HISTORY_LIMIT = 50;

export const roomName = z.string().regex(ROOM_NAME_PATTERN, 'a room name is 1-32 of a-z 0-9 _ -');
/** 0-200 code points. */
export const topic = z
  .string()
  .refine((t) => t.length === 0 || (t.length <= MAX_TOPIC_CHARS * 2 && [...t].length <= MAX_TOPIC_CHARS), {
    message: 'a topic is 0-200 characters',
  });
export const emoji = z
  .string()
  .refine((e) => e.length > 0 && e.length <= MAX_EMOJI_CHARS * 2 && [...e].length <= MAX_EMOJI_CHARS, {
    message: 'an emoji is 1-16 characters',
  });
const messageId = z.string().min(1).max(128);
const timestamp = z.number().int().nonnegative();
const seq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const cursor = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A request that names its conversation with exactly one of `to` (direct) and `room`. */
function oneConversation<T extends { to?: string | undefined; room?: string | undefined }>(
  body: T,
  context: z.RefinementCtx,
): void {
  if ((body.to === undefined) === (body.room === undefined)) {
    context.addIssue({ code: 'custom', message: 'give exactly one of "to" and "room"' });
  }
}

export interface BaseRules {
  readonly username: z.ZodString;
  readonly messageText: z.ZodType<string>;
}

export type MemberChange = 'join' | 'leave' | 'kick';

/** The 1.2 request, response and push schemas of this module, built on the base rules. */
export function roomSchemas({ username, messageText }: BaseRules) {
  const conversation = { to: username.optional(), room: roomName.optional() };

  const roomRequestSchemas = {
    message: z
      .object({ ...conversation, text: messageText, replyTo: messageId.optional() })
      .superRefine(oneConversation),
    /** `{seq}` acknowledges the direct stream; `{room, seq}` moves the member's delivery cursor. */
    ack: z.object({ seq: cursor, room: roomName.optional() }),
    roomcreate: z.object({ room: roomName, private: z.boolean().optional(), topic: topic.optional() }),
    rooms: z.object({}),
    roomjoin: z.object({ room: roomName }),
    roominvite: z.object({ room: roomName, user: username }),
    roomleave: z.object({ room: roomName }),
    roomkick: z.object({ room: roomName, user: username }),
    roomtopic: z.object({ room: roomName, topic }),
    roommembers: z.object({ room: roomName }),
    history: z.object({
      room: roomName,
      before: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
      limit: z.number().int().min(1).max(MAX_HISTORY_LIMIT).optional(),
    }),
    edit: z.object({ ...conversation, id: messageId, text: messageText }).superRefine(oneConversation),
    delete: z.object({ ...conversation, id: messageId }).superRefine(oneConversation),
    react: z.object({ ...conversation, id: messageId, emoji, on: z.boolean() }).superRefine(oneConversation),
    read: z
      .object({ ...conversation, upTo: z.union([messageId, cursor]) })
      .superRefine(oneConversation)
      .superRefine((body, context) => {
        if (body.to !== undefined && typeof body.upTo !== 'string')
          context.addIssue({ code: 'custom', message: 'a direct read names a message id' });
        if (body.room !== undefined && typeof body.upTo !== 'number')
          context.addIssue({ code: 'custom', message: 'a room read names a seq' });
      }),
    typing: z.object({ ...conversation, active: z.boolean() }).superRefine(oneConversation),
  } as const;

  const empty = z.object({});
  const roomSummary = z.object({
    room: roomName,
    private: z.boolean(),
    topic: z.string(),
    owner: username.nullable(),
    members: z.number().int().nonnegative(),
    joined: z.boolean(),
    invited: z.boolean(),
  });
  const memberSummary = z.object({
    user: username,
    owner: z.boolean(),
    online: z.boolean(),
    readUpTo: cursor,
  });

  const roomResponseSchemas = {
    /** Direct: `{id, ts, delivered}`; room: `{id, seq, ts}`. */
    message: z.object({
      id: messageId,
      ts: timestamp,
      delivered: z.boolean().optional(),
      seq: seq.optional(),
    }),
    ack: empty,
    roomcreate: z.object({ room: roomName }),
    rooms: z.object({ rooms: z.array(roomSummary) }),
    roomjoin: z.object({ room: roomName, seq }),
    roominvite: empty,
    roomleave: empty,
    roomkick: empty,
    roomtopic: empty,
    roommembers: z.object({ members: z.array(memberSummary) }),
    history: z.object({ items: z.array(z.record(z.string(), z.unknown())), more: z.boolean() }),
    edit: z.object({ ts: timestamp }),
    delete: empty,
    react: empty,
    read: empty,
    typing: empty,
  } as const;

  const inRoom = { room: roomName.optional() };
  const offline = { offline: z.boolean().optional() };

  /** Pushes of 1.2. A push with `room` is an item of that room's stream; without, of your direct one. */
  const roomPushSchemas = {
    /** A direct message, or a room message (`room`); `blocked` replaces the text of a blocked sender. */
    message: z.object({
      ...inRoom,
      id: messageId,
      seq,
      from: username,
      text: z.string(),
      ts: timestamp,
      replyTo: messageId.optional(),
      ...offline,
    }),
    edit: z.object({
      ...inRoom,
      seq,
      id: messageId,
      from: username,
      text: z.string().optional(),
      ts: timestamp,
      blocked: z.boolean().optional(),
      ...offline,
    }),
    delete: z.object({
      ...inRoom,
      seq,
      id: messageId,
      from: username,
      ts: timestamp,
      blocked: z.boolean().optional(),
      ...offline,
    }),
    reaction: z.object({
      ...inRoom,
      seq,
      id: messageId,
      from: username,
      emoji: z.string().optional(),
      on: z.boolean().optional(),
      ts: timestamp,
      blocked: z.boolean().optional(),
      ...offline,
    }),
    /** Direct: `{seq, from, upTo: id, ts}` (stored); room: `{room, from, upTo: seq}` (live). */
    read: z.object({
      ...inRoom,
      seq: seq.optional(),
      from: username,
      upTo: z.union([messageId, cursor]),
      ts: timestamp.optional(),
      ...offline,
    }),
    member: z.object({
      room: roomName,
      seq,
      id: messageId,
      ts: timestamp,
      user: username,
      change: z.enum(['join', 'leave', 'kick']),
      by: username.optional(),
      ...offline,
    }),
    topic: z.object({
      room: roomName,
      seq,
      id: messageId,
      ts: timestamp,
      from: username,
      topic: z.string().optional(),
      blocked: z.boolean().optional(),
      ...offline,
    }),
    typing: z.object({ from: username, ...inRoom, active: z.boolean() }),
    roominvited: z.object({ room: roomName, by: username, private: z.boolean(), topic: z.string() }),
  } as const;

  return { requests: roomRequestSchemas, responses: roomResponseSchemas, pushes: roomPushSchemas };
}

/** The item routes of a room's stream. */
export const ROOM_ITEM_ROUTES = ['message', 'edit', 'delete', 'reaction', 'member', 'topic'] as const;
export type RoomItemRoute = (typeof ROOM_ITEM_ROUTES)[number];

export function isRoomItemRoute(route: string): route is RoomItemRoute {
  return (ROOM_ITEM_ROUTES as readonly string[]).includes(route);
}

/**
 * Any item of a room's stream as a client reads it: the fields every item has, the others as they
 * come (a blocked author's placeholder has no text; a tombstone has `deleted`).
 */
export const roomItemPush = z.looseObject({
  room: roomName,
  seq,
  id: messageId,
  ts: timestamp,
  from: z.string().optional(),
  text: z.string().optional(),
  blocked: z.boolean().optional(),
  deleted: z.boolean().optional(),
  offline: z.boolean().optional(),
});
export type RoomItemPush = z.infer<typeof roomItemPush>;
