/**
 * What happens to a message after it was sent (protocol 1.2's relation and receipt pushes), in
 * the shapes the pushes have: `[edit]`, `[delete]`, `[reaction]` and `[read]`. Direct ones come in
 * this user's direct stream (with `seq`, no `room`), room ones in the room's stream (with `room`
 * and `seq`); a room `[read]` is live only and carries the member's `readUpTo` seq.
 */
import { z } from 'zod';

const optionalRoom = { room: z.string().optional() };

export const editRelation = z.object({
  type: z.literal('edit'),
  ...optionalRoom,
  seq: z.number().int().positive().optional(),
  id: z.string().min(1),
  from: z.string(),
  text: z.string(),
  ts: z.number(),
});

export const deleteRelation = z.object({
  type: z.literal('delete'),
  ...optionalRoom,
  seq: z.number().int().positive().optional(),
  id: z.string().min(1),
  from: z.string(),
  ts: z.number(),
});

export const reactionRelation = z.object({
  type: z.literal('reaction'),
  ...optionalRoom,
  seq: z.number().int().positive().optional(),
  id: z.string().min(1),
  from: z.string(),
  emoji: z.string().min(1).max(16),
  on: z.boolean(),
  ts: z.number(),
});

/** Direct: `from` has read this user's messages to them up to the message `upTo` (an id). */
export const directReadRelation = z.object({
  type: z.literal('read'),
  seq: z.number().int().positive().optional(),
  from: z.string(),
  upTo: z.string().min(1),
  ts: z.number(),
});

/** Room: member `from` has read the room up to seq `upTo`. */
export const roomReadRelation = z.object({
  type: z.literal('read'),
  room: z.string(),
  from: z.string(),
  upTo: z.number().int().nonnegative(),
  ts: z.number().optional(),
});

export const relation = z.union([
  editRelation,
  deleteRelation,
  reactionRelation,
  directReadRelation,
  roomReadRelation,
]);
export type Relation = z.infer<typeof relation>;
export type EditRelation = z.infer<typeof editRelation>;
export type DeleteRelation = z.infer<typeof deleteRelation>;
export type ReactionRelation = z.infer<typeof reactionRelation>;
export type DirectReadRelation = z.infer<typeof directReadRelation>;
export type RoomReadRelation = z.infer<typeof roomReadRelation>;

/** One emoji on a message and who put it there, in the order they did. */
export const reactionCount = z.object({ emoji: z.string(), users: z.array(z.string()) });
export type ReactionCount = z.infer<typeof reactionCount>;
