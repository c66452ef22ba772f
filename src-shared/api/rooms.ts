/**
 * Rooms (protocol 1.2) as the UI sees them: the room list, the member list, the quiet timeline
 * lines of membership and topic changes, and the live happenings around a conversation (a relation
 * arrived, someone types, an invitation). Pure schemas; no imports from model.ts, which takes
 * `roomNotice` from here.
 */
import { z } from 'zod';
import { emoji, roomName, topic } from '../protocol/schemas-rooms.js';
import { username } from '../protocol/schemas.js';
import { relation } from './relations.js';

export { roomName, topic, emoji };

/** One room of `[rooms]`: public ones, and private ones this user is in or invited to. */
export const roomSummary = z.object({
  room: z.string(),
  private: z.boolean(),
  topic: z.string(),
  /** Null while the room has no member (the next to join owns it). */
  owner: z.string().nullable(),
  members: z.number().int().nonnegative(),
  joined: z.boolean(),
  invited: z.boolean(),
});
export type RoomSummary = z.infer<typeof roomSummary>;

/** One member of `[roommembers]`: `readUpTo` is the seq they have read to ("Seen by"). */
export const roomMember = z.object({
  user: z.string(),
  owner: z.boolean(),
  online: z.boolean(),
  readUpTo: z.number().int().nonnegative(),
});
export type RoomMember = z.infer<typeof roomMember>;

/**
 * A room timeline line that is not a message: someone joined, left or was kicked (`by`), or the
 * topic changed (`topic` absent: set by a user this one blocks). Such a ChatMessage has text ''.
 */
export const roomNotice = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('member'),
    user: z.string(),
    change: z.enum(['join', 'leave', 'kick']),
    by: z.string().optional(),
  }),
  z.object({ type: z.literal('topic'), topic: z.string().optional() }),
]);
export type RoomNotice = z.infer<typeof roomNotice>;

/** Events the client core emits for rooms, relations, receipts and typing. */
export const roomClientEventSchemas = {
  /**
   * An edit, delete, reaction or read receipt of conversation `key` (its string form). The app
   * core folds it into its history and follows with `message-updated` for what it changed.
   */
  relation: z.object({ key: z.string(), relation }),
  /** `from` types in conversation `key`; `active:false` when they stop, send, or 6 s pass. */
  typing: z.object({ key: z.string(), from: z.string(), active: z.boolean() }),
  /** Someone invited this user to a room (live only; `[rooms]` lists it with `invited` until joined). */
  'room-invited': z.object({ room: z.string(), by: z.string(), private: z.boolean(), topic: z.string() }),
} as const;

const room = z.object({ room: roomName }).strict();
const none = z.object({}).strict();
const messageId = z.string().min(1).max(128);

/** The commands of rooms, relations, receipts and typing (spread into apiCommands). */
export function roomCommands<M extends z.ZodType, K extends z.ZodType<string>>(
  messageText: z.ZodType<string>,
  chatMessage: M,
  keySchema: K,
) {
  return {
    /** Public rooms and the private ones this user is in or invited to, by name. */
    listRooms: { input: none, result: z.object({ rooms: z.array(roomSummary) }) },
    createRoom: {
      input: z.object({ room: roomName, private: z.boolean().optional(), topic: topic.optional() }).strict(),
      result: room,
    },
    /** Joins a public room, or a private one this user is invited to. */
    joinRoom: { input: room, result: room },
    inviteToRoom: { input: z.object({ room: roomName, user: username }).strict(), result: none },
    leaveRoom: { input: room, result: none },
    /** The owner removes a member. */
    kickFromRoom: { input: z.object({ room: roomName, user: username }).strict(), result: none },
    setTopic: { input: z.object({ room: roomName, topic }).strict(), result: none },
    roomMembers: { input: room, result: z.object({ members: z.array(roomMember) }) },
    sendRoomMessage: {
      input: z.object({ room: roomName, text: messageText, replyTo: messageId.optional() }).strict(),
      result: chatMessage,
    },
    /**
     * Older room history from the server (`[history]`), `before` a seq (absent: before the oldest
     * one kept); what comes back is saved locally and returned folded, oldest first.
     */
    loadOlder: {
      input: z
        .object({
          key: keySchema,
          before: z.number().int().positive().optional(),
          limit: z.number().int().min(1).max(200).optional(),
        })
        .strict(),
      result: z.object({ messages: z.array(chatMessage), more: z.boolean() }),
    },
    /** Edits an own message (direct or room). */
    editMessage: {
      input: z.object({ key: keySchema, id: messageId, text: messageText }).strict(),
      result: none,
    },
    /** Deletes an own message; in a room the owner may delete anyone's. */
    deleteMessage: { input: z.object({ key: keySchema, id: messageId }).strict(), result: none },
    /** Puts an emoji on a message, or takes it back (`on:false`). */
    react: {
      input: z.object({ key: keySchema, id: messageId, emoji, on: z.boolean() }).strict(),
      result: none,
    },
    /** The user types (`true`, call on every keystroke) or stopped (`false`); sent at most every 3 s. */
    typing: { input: z.object({ key: keySchema, active: z.boolean() }).strict(), result: none },
    /** Mutes a conversation (no notifications except mentions) or unmutes it. */
    muteConversation: { input: z.object({ key: keySchema, muted: z.boolean() }).strict(), result: none },
  } as const;
}
