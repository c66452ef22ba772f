/**
 * One runtime schema per request, response and push body of protocol version 1.2 (the 1.2 rooms
 * and relations in schemas-rooms.ts). Server and
 * clients validate with the same schemas, and the TypeScript types are inferred from them.
 */
import { z } from 'zod';
import { roomSchemas } from './schemas-rooms.js';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
export const MAX_TEXT_CHARS = 4000;

export const username = z.string().regex(USERNAME_PATTERN, 'a username is 1-32 of A-Z a-z 0-9 _ . -');
/** 1.2: a new name needs a letter or digit (`...` is refused); existing names keep working. */
export const newUsername = username.refine((name) => /[A-Za-z0-9]/.test(name), {
  message: 'a username needs at least one letter or digit',
});
export const password = z
  .string()
  .min(8, 'a password is 8-256 characters')
  .max(256, 'a password is 8-256 characters');

/** Message text: 1-4000 characters, counted as Unicode code points. */
export const messageText = z.string().refine(isValidText, 'text must be 1-4000 characters');

export function isValidText(text: string): boolean {
  if (text.length === 0) return false;
  if (text.length <= MAX_TEXT_CHARS) return true;
  if (text.length > MAX_TEXT_CHARS * 2) return false;
  let count = 0;
  for (const _ of text) if (++count > MAX_TEXT_CHARS) return false;
  return true;
}

const port = z.number().int().min(1).max(65535);
const token = z.string().min(1).max(128);
const requestId = z.string().min(1).max(64);
const messageId = z.string().min(1).max(128);
const timestamp = z.number().int().nonnegative();
const empty = z.object({});
const userList = z.object({ users: z.array(z.string()) });
const presenceChange = z.object({ user: username, online: z.boolean() });
export type PresenceChange = z.infer<typeof presenceChange>;
/** Protocol 1.2: rooms, relations, receipts and typing (schemas-rooms.ts). */
const v12 = roomSchemas({ username, messageText });

/** Requests a client sends to the server, by route. */
export const requestSchemas = {
  register: z.object({ username: newUsername, password }),
  login: z.object({
    username,
    password: z.string().max(256),
    p2pPort: port.optional(),
    /** 1.2: presence as `[presence] {"users":[...]}` batches. */
    presenceBatch: z.boolean().optional(),
  }),
  message: v12.requests.message,
  broadcast: z.object({ text: messageText }),
  whoelse: empty,
  whoelsesince: z.object({
    seconds: z
      .number()
      .int()
      .positive()
      .max(10 * 365 * 24 * 3600),
  }),
  block: z.object({ user: username }),
  unblock: z.object({ user: username }),
  blocklist: empty,
  logout: empty,
  ping: empty,
  active: empty,
  startprivate: z.object({ user: username }),
  privateanswer: z.object({ requestId, accept: z.boolean() }),
  cancelprivate: z.object({ requestId }),
  // 1.2 accounts
  users: z.object({
    prefix: z.string().min(1, 'a prefix is 1-32 characters').max(32, 'a prefix is 1-32 characters'),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  password: z.object({ old: z.string().max(256), new: password }),
  unregister: z.object({ password: z.string().max(256) }),
  ack: v12.requests.ack,
  roomcreate: v12.requests.roomcreate,
  rooms: v12.requests.rooms,
  roomjoin: v12.requests.roomjoin,
  roominvite: v12.requests.roominvite,
  roomleave: v12.requests.roomleave,
  roomkick: v12.requests.roomkick,
  roomtopic: v12.requests.roomtopic,
  roommembers: v12.requests.roommembers,
  history: v12.requests.history,
  edit: v12.requests.edit,
  delete: v12.requests.delete,
  react: v12.requests.react,
  read: v12.requests.read,
  typing: v12.requests.typing,
} as const;

/** The 2xx body the server answers each request with. */
export const responseSchemas = {
  register: empty,
  login: z.object({ username }),
  message: v12.responses.message,
  broadcast: z.object({ id: messageId, ts: timestamp, skipped: z.number().int().nonnegative() }),
  whoelse: userList,
  whoelsesince: userList,
  block: empty,
  unblock: empty,
  blocklist: userList,
  logout: empty,
  ping: empty,
  active: empty,
  startprivate: z.object({ requestId }),
  privateanswer: z.object({ token: token.optional() }),
  cancelprivate: empty,
  ack: empty,
  users: userList,
  password: empty,
  unregister: empty,
  roomcreate: v12.responses.roomcreate,
  rooms: v12.responses.rooms,
  roomjoin: v12.responses.roomjoin,
  roominvite: v12.responses.roominvite,
  roomleave: v12.responses.roomleave,
  roomkick: v12.responses.roomkick,
  roomtopic: v12.responses.roomtopic,
  roommembers: v12.responses.roommembers,
  history: v12.responses.history,
  edit: v12.responses.edit,
  delete: v12.responses.delete,
  react: v12.responses.react,
  read: v12.responses.read,
  typing: v12.responses.typing,
} as const satisfies Record<keyof typeof requestSchemas, z.ZodType>;

/** `admin` (1.2): the server's administrator logged the user out (or locked or removed the account). */
export const byeReason = z.enum(['timeout', 'shutdown', 'admin']);
export const rejectReason = z.enum(['rejected', 'timeout', 'offline']);
export const cancelReason = z.enum(['timeout', 'offline', 'cancelled']);

/** Pushes the server sends unprompted, by route. */
export const pushSchemas = {
  message: v12.pushes.message,
  broadcast: z.object({ id: messageId, from: username, text: z.string(), ts: timestamp }),
  presence: z.union([presenceChange, z.object({ users: z.array(presenceChange) })]),
  bye: z.object({ reason: byeReason }),
  privaterequest: z.object({ requestId, from: username, expiresAt: timestamp }),
  privatecancelled: z.object({ requestId, from: username, reason: cancelReason }),
  privateaccepted: z.object({ requestId, user: username, host: z.string().min(1), port, token }),
  privaterejected: z.object({ requestId, user: username, reason: rejectReason }),
  edit: v12.pushes.edit,
  delete: v12.pushes.delete,
  reaction: v12.pushes.reaction,
  read: v12.pushes.read,
  member: v12.pushes.member,
  topic: v12.pushes.topic,
  typing: v12.pushes.typing,
  roominvited: v12.pushes.roominvited,
} as const;

/** Frames between two peers of a private chat; each request is answered like a server request. */
export const peerRequestSchemas = {
  // 1.2: `e2e` names the encryption the requester will speak after the answer ("noise-xx/1").
  hello: z.object({ from: username, token, e2e: z.string().max(32).optional() }),
  private: z.object({ id: messageId, text: messageText, ts: timestamp }),
  stopprivate: z.object({ reason: z.string().max(64).optional() }),
} as const;

export type RequestRoute = keyof typeof requestSchemas;
export type PushRoute = keyof typeof pushSchemas;
export type PeerRoute = keyof typeof peerRequestSchemas;
export type RequestBody<R extends RequestRoute> = z.infer<(typeof requestSchemas)[R]>;
export type ResponseBody<R extends RequestRoute> = z.infer<(typeof responseSchemas)[R]>;
export type PushBody<R extends PushRoute> = z.infer<(typeof pushSchemas)[R]>;
export type PeerBody<R extends PeerRoute> = z.infer<(typeof peerRequestSchemas)[R]>;
export type ByeReason = z.infer<typeof byeReason>;
export type RejectReason = z.infer<typeof rejectReason>;
export type CancelReason = z.infer<typeof cancelReason>;

export function isRequestRoute(route: string): route is RequestRoute {
  return Object.hasOwn(requestSchemas, route);
}
export function isPushRoute(route: string): route is PushRoute {
  return Object.hasOwn(pushSchemas, route);
}
export function isPeerRoute(route: string): route is PeerRoute {
  return Object.hasOwn(peerRequestSchemas, route);
}

/** A one-line, human-readable summary of why a body failed its schema. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join('; ');
}
