/**
 * Routes a decoded frame to its handler: the one place where bodies are validated against their
 * schema, the logged-in gate is applied, the rate limit is charged and activity is recorded.
 */
import {
  describeIssues,
  encodeResponse,
  isRequestRoute,
  requestSchemas,
  StandardMessage,
  Status,
  type DecodeResult,
  type RequestBody,
  type RequestRoute,
} from '../../src-shared/protocol/index.js';
import { ServiceUnavailableError } from './backend.js';
import type { ServerContext } from './context.js';
import { login, register } from './handlers/account.js';
import { password, unregister, users } from './handlers/account-changes.js';
import { block, blocklist, unblock } from './handlers/blocks.js';
import { ack, broadcast, message } from './handlers/messaging.js';
import { whoelse, whoelsesince } from './handlers/presence.js';
import { cancelprivate, privateanswer, startprivate } from './handlers/private-chat.js';
import { active, logout, ping } from './handlers/session-control.js';
import { del, edit, react, read, typing } from './handlers/relations.js';
import {
  history,
  roomcreate,
  roominvite,
  roomjoin,
  roomkick,
  roomleave,
  roommembers,
  rooms,
  roomtopic,
} from './handlers/rooms.js';
import { isChecked } from './plain-message.js';
import type { Reply } from './reply.js';
import { isLoggedIn, type LoggedInSession, type Session } from './session.js';

type Handler<R extends RequestRoute, S extends Session> = (
  ctx: ServerContext,
  session: S,
  body: RequestBody<R>,
) => Reply | Promise<Reply>;

/** `loggedIn`: the route needs a logged-in session, and its handler is given one. */
type Route<R extends RequestRoute> = (
  | { readonly loggedIn: false; readonly handle: Handler<R, Session> }
  | { readonly loggedIn: true; readonly handle: Handler<R, LoggedInSession> }
) & {
  /** Whether a request on it counts as user activity for the inactivity timeout. */
  readonly activity: boolean;
  /** The route works on rooms (refused while the backend does not share them). */
  readonly rooms?: true;
};

const routes: { readonly [R in RequestRoute]: Route<R> } = {
  register: { loggedIn: false, activity: true, handle: register },
  login: { loggedIn: false, activity: true, handle: login },
  message: { loggedIn: true, activity: true, handle: message },
  broadcast: { loggedIn: true, activity: true, handle: broadcast },
  whoelse: { loggedIn: true, activity: true, handle: whoelse },
  whoelsesince: { loggedIn: true, activity: true, handle: whoelsesince },
  block: { loggedIn: true, activity: true, handle: block },
  unblock: { loggedIn: true, activity: true, handle: unblock },
  blocklist: { loggedIn: true, activity: true, handle: blocklist },
  logout: { loggedIn: true, activity: true, handle: logout },
  ping: { loggedIn: true, activity: false, handle: ping },
  active: { loggedIn: true, activity: true, handle: active },
  startprivate: { loggedIn: true, activity: true, handle: startprivate },
  privateanswer: { loggedIn: true, activity: true, handle: privateanswer },
  cancelprivate: { loggedIn: true, activity: true, handle: cancelprivate },
  ack: { loggedIn: true, activity: false, handle: ack },
  users: { loggedIn: true, activity: true, handle: users },
  password: { loggedIn: true, activity: true, handle: password },
  unregister: { loggedIn: true, activity: true, handle: unregister },
  roomcreate: { loggedIn: true, activity: true, rooms: true, handle: roomcreate },
  rooms: { loggedIn: true, activity: true, rooms: true, handle: rooms },
  roomjoin: { loggedIn: true, activity: true, rooms: true, handle: roomjoin },
  roominvite: { loggedIn: true, activity: true, rooms: true, handle: roominvite },
  roomleave: { loggedIn: true, activity: true, rooms: true, handle: roomleave },
  roomkick: { loggedIn: true, activity: true, rooms: true, handle: roomkick },
  roomtopic: { loggedIn: true, activity: true, rooms: true, handle: roomtopic },
  roommembers: { loggedIn: true, activity: true, rooms: true, handle: roommembers },
  history: { loggedIn: true, activity: true, rooms: true, handle: history },
  edit: { loggedIn: true, activity: true, handle: edit },
  delete: { loggedIn: true, activity: true, handle: del },
  react: { loggedIn: true, activity: true, handle: react },
  read: { loggedIn: true, activity: true, handle: read },
  typing: { loggedIn: true, activity: true, handle: typing },
};

export interface Responder {
  /** Sends a response in request order. */
  reply(frame: string): void;
}

/** Handles one decoded line; returns a promise only when the handler is asynchronous. */
export function route(
  ctx: ServerContext,
  session: Session & Responder,
  result: DecodeResult,
): void | Promise<void> {
  if (!result.ok) {
    if (result.kind === 'too-large') {
      // The rest of the stream cannot be trusted to be framed: answer and close.
      session.reply(encodeResponse(Status.tooLarge, StandardMessage.frameTooLarge));
      session.end();
    } else session.reply(encodeResponse(Status.badRequest, `malformed frame: ${result.reason}`));
    return;
  }
  const frame = result.frame;
  if (frame.kind !== 'route')
    return session.reply(encodeResponse(Status.badRequest, 'a client sends requests, not responses'));
  if (!isRequestRoute(frame.route))
    return session.reply(encodeResponse(Status.badRequest, StandardMessage.unknownRoute));
  return dispatch(ctx, session, frame.route, frame.body, isChecked(frame));
}

function dispatch<R extends RequestRoute>(
  ctx: ServerContext,
  session: Session & Responder,
  name: R,
  rawBody: unknown,
  checked: boolean,
): void | Promise<void> {
  const entry: Route<R> = routes[name];
  if (entry.loggedIn && !isLoggedIn(session)) {
    return session.reply(encodeResponse(Status.unauthorized, StandardMessage.notLoggedIn));
  }
  let body = rawBody as RequestBody<R>;
  if (!checked) {
    const parsed = requestSchemas[name].safeParse(rawBody);
    if (!parsed.success) {
      return session.reply(
        encodeResponse(Status.badRequest, `invalid ${name} body: ${describeIssues(parsed.error)}`),
      );
    }
    body = parsed.data as RequestBody<R>;
  }
  if (entry.rooms === true && !ctx.sharesRooms) {
    return session.reply(encodeResponse(Status.unavailable, 'rooms are not available on this service yet'));
  }
  if (entry.activity && session.username !== undefined) session.lastActivity = ctx.clock();
  try {
    const reply = entry.loggedIn
      ? entry.handle(ctx, session as LoggedInSession & Responder, body)
      : entry.handle(ctx, session, body);
    if (reply instanceof Promise) {
      return reply.then(
        (settled) => send(session, settled),
        (error: unknown) => internalError(ctx, session, name, error),
      );
    }
    return send(session, reply);
  } catch (error) {
    internalError(ctx, session, name, error);
  }
}

/** A fault of ours (a full disk, say): the client gets an answer and the server keeps serving. */
function internalError(ctx: ServerContext, session: Responder, name: string, error: unknown): void {
  if (error instanceof ServiceUnavailableError) {
    session.reply(encodeResponse(Status.unavailable, error.message));
    return;
  }
  ctx.log('error', `${name}: ${error instanceof Error ? error.message : String(error)}`);
  session.reply(encodeResponse(Status.unavailable, 'the server could not complete the request; try again'));
}

function send(session: Session & Responder, reply: Reply): void | Promise<void> {
  if ('reserved' in reply) return;
  session.reply(reply.frame);
  return reply.afterReply?.();
}
