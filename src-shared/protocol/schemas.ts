/**
 * One runtime schema per request, response and push body of protocol version 1.1. Server and
 * clients validate with the same schemas, and the TypeScript types are inferred from them.
 */
import { z } from 'zod';

export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;
export const MAX_TEXT_CHARS = 4000;

export const username = z.string().regex(USERNAME_PATTERN, 'a username is 1-32 of A-Z a-z 0-9 _ . -');
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
/** A direct message's position in its recipient's stream: 1, 2, 3, ... never reused. */
const seq = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const empty = z.object({});
const userList = z.object({ users: z.array(z.string()) });

/** Requests a client sends to the server, by route. */
export const requestSchemas = {
  register: z.object({ username, password }),
  login: z.object({ username, password: z.string().max(256), p2pPort: port.optional() }),
  message: z.object({ to: username, text: messageText }),
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
  /** Cumulative: "I have handled every direct message up to `seq`". 0 acknowledges nothing. */
  ack: z.object({ seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER) }),
} as const;

/** The 2xx body the server answers each request with. */
export const responseSchemas = {
  register: empty,
  login: z.object({ username }),
  message: z.object({ id: messageId, ts: timestamp, delivered: z.boolean() }),
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
} as const satisfies Record<keyof typeof requestSchemas, z.ZodType>;

export const byeReason = z.enum(['timeout', 'shutdown']);
export const rejectReason = z.enum(['rejected', 'timeout', 'offline']);
export const cancelReason = z.enum(['timeout', 'offline', 'cancelled']);

/** Pushes the server sends unprompted, by route. */
export const pushSchemas = {
  message: z.object({
    id: messageId,
    seq,
    from: username,
    text: z.string(),
    ts: timestamp,
    offline: z.boolean().optional(),
  }),
  broadcast: z.object({ id: messageId, from: username, text: z.string(), ts: timestamp }),
  presence: z.object({ user: username, online: z.boolean() }),
  bye: z.object({ reason: byeReason }),
  privaterequest: z.object({ requestId, from: username, expiresAt: timestamp }),
  privatecancelled: z.object({ requestId, from: username, reason: cancelReason }),
  privateaccepted: z.object({ requestId, user: username, host: z.string().min(1), port, token }),
  privaterejected: z.object({ requestId, user: username, reason: rejectReason }),
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
