/**
 * What the UI shows, as runtime schemas: messages with their delivery states, conversations,
 * private-chat requests, the client's snapshot, settings and the embedded server's status. The
 * client core in src-main produces these values; the renderer only reads them.
 */
import { z } from 'zod';
import { cancelReason, rejectReason, username } from '../protocol/schemas.js';
import { reactionCount } from './relations.js';

/**
 * `queued`: written while the connection is down (or cut off by it); it goes by itself once the
 * client is logged in again. `sending`: not answered yet. `sent`: a broadcast the server accepted.
 * `delivered`: the server (or the peer, for a private message) handed it to the recipient.
 * `stored`: kept for the recipient's next login. `refused`: not delivered, `reason` says why.
 * `failed`: it will not go by itself (a private message without an answer, a logout while it
 * waited, the app closed); the user may retry.
 */
export const deliveryState = z.enum([
  'queued',
  'sending',
  'sent',
  'delivered',
  'stored',
  'refused',
  'failed',
]);
export type DeliveryState = z.infer<typeof deliveryState>;

/**
 * `direct` through the server, `broadcast` to everyone online, `private` peer to peer, `room` to
 * a room's members (protocol 1.2). Also the kind of the conversation a message belongs to.
 */
export const messageKind = z.enum(['direct', 'room', 'broadcast', 'private']);
export type MessageKind = z.infer<typeof messageKind>;

export const chatMessage = z.object({
  /** The server's (or the sending peer's) id; a local id while `sending`. */
  id: z.string().min(1),
  kind: messageKind,
  direction: z.enum(['in', 'out']),
  from: z.string(),
  /** The recipient; absent for a broadcast and a room message. */
  to: z.string().optional(),
  /** The room of a room message. */
  room: z.string().optional(),
  text: z.string(),
  ts: z.number(),
  state: deliveryState,
  reason: z.string().optional(),
  /** Received at login: it was sent while this user was away. */
  offline: z.boolean().optional(),
  /** For a sent broadcast: online users who block the sender and did not get it. */
  skipped: z.number().int().nonnegative().optional(),
  /** A received direct message's position in this user's stream (protocol 1.1), or in its room's. */
  seq: z.number().int().positive().optional(),
  /** The id of the message this one answers (protocol 1.2). */
  replyTo: z.string().optional(),
  // Folded relations (conversation-fold.ts): the newest edit's text replaces `text`.
  edited: z.boolean().optional(),
  /** A tombstone: the text is gone, the place in the conversation stays. */
  deleted: z.boolean().optional(),
  reactions: z.array(reactionCount).optional(),
  /** Who has read it: the peer of a direct message, or the room members past its seq. */
  readBy: z.array(z.string()).optional(),
  /** When the peer said it read this direct message. */
  readAt: z.number().optional(),
});
export type ChatMessage = z.infer<typeof chatMessage>;

export const conversation = z.object({
  key: z.string().min(1),
  kind: messageKind,
  /** Oldest first. A snapshot carries the most recent ones; `loadConversation` gives all. */
  messages: z.array(chatMessage),
  unread: z.number().int().nonnegative(),
  /** Unread messages that mention this user (`@name`). */
  mentions: z.number().int().nonnegative().optional(),
});
export type Conversation = z.infer<typeof conversation>;

export const sessionState = z.enum([
  'disconnected',
  'connecting',
  'connected',
  'logged-in',
  'logged-out',
  'timed-out',
]);
export type SessionState = z.infer<typeof sessionState>;

/** Why the server connection ended: a logout, the server's `[bye]`, our own close, or a drop. */
export const disconnectReason = z.enum(['logout', 'timeout', 'shutdown', 'closed', 'lost', 'admin']);
export type DisconnectReason = z.infer<typeof disconnectReason>;

/** A private-chat request someone sent this user, waiting for an answer. */
export const incomingPrivateRequest = z.object({
  requestId: z.string(),
  from: username,
  /** Server time (ms) when it expires unanswered. */
  expiresAt: z.number(),
});
export type IncomingPrivateRequest = z.infer<typeof incomingPrivateRequest>;

/** A request this user sent, waiting for the other side. */
export const outgoingPrivateRequest = z.object({ requestId: z.string(), user: username });
export type OutgoingPrivateRequest = z.infer<typeof outgoingPrivateRequest>;

export { cancelReason, rejectReason };

/** Who ended a private chat: this side, the peer (with its reason), or the network. */
export const endedBy = z.enum(['me', 'peer', 'network']);
export type EndedBy = z.infer<typeof endedBy>;

export const serverAddress = z.object({
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
});
export type ServerAddress = z.infer<typeof serverAddress>;

/** Everything a renderer needs to draw the chat after a (re)load. */
export const clientSnapshot = z.object({
  state: sessionState,
  username: z.string().optional(),
  /** The server this client talks to, when one is chosen. */
  server: serverAddress.optional(),
  online: z.array(z.string()),
  blocked: z.array(z.string()),
  conversations: z.array(conversation),
  privateChats: z.array(z.string()),
  privateRequests: z.array(incomingPrivateRequest),
  outgoingRequests: z.array(outgoingPrivateRequest),
  /** Set while an automatic reconnect is scheduled: when the next attempt starts (ms, local clock). */
  reconnectAt: z.number().optional(),
});
export type ClientSnapshot = z.infer<typeof clientSnapshot>;
