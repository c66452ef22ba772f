/** Direct messages (acknowledged by the recipient, stored until then), acks, and broadcasts (never stored). */
import {
  encodeRoute,
  Status,
  StandardMessage,
  type RequestBody,
} from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { after } from '../backend.js';
import { fail, ok, REPLY_RESERVED, type Reply } from '../reply.js';
import type { MessageBody } from '../plain-message.js';
import { sharedFrame, type LoggedInSession } from '../session.js';
import { roomAck, roomMessage } from './rooms.js';

/** The 200 comes later, once the message is safe (see delivery.ts); a room message's after its commit. */
export function message(
  ctx: ServerContext,
  session: LoggedInSession,
  body: MessageBody | RequestBody<'message'>,
): Reply {
  const from = session.username;
  const { to, text } = body;
  if (to === undefined) return roomMessage(ctx, session, body.room ?? '', text, body.replyTo);
  if (to === from) return fail(Status.badRequest, 'you cannot message yourself');
  if (!ctx.store.users.exists(to)) return fail(Status.notFound, 'no such user');
  if (ctx.store.blocks.has(to, from)) return fail(Status.forbidden, StandardMessage.blockedByRecipient);
  const replyTo = body.replyTo;
  if (replyTo !== undefined) {
    const extra = JSON.stringify({ replyTo });
    const item = { route: 'message', extra, reply: undefined };
    ctx.delivery.send(session, { id: ctx.ids.next(), from, to, text, ts: ctx.clock() }, undefined, item);
  } else
    ctx.delivery.send(
      session,
      { id: ctx.ids.next(), from, to, text, ts: ctx.clock() },
      (body as MessageBody).textJson,
    );
  return REPLY_RESERVED;
}

export function ack(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'ack'>): Reply {
  if (body.room !== undefined) return roomAck(ctx, session, body.room, body.seq);
  if (ctx.delivery.ack(session, body.seq) === 'too-high') {
    return fail(Status.badRequest, 'seq is above the highest message sent on this connection');
  }
  return ok();
}

export function broadcast(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'broadcast'>,
): Reply | Promise<Reply> {
  const from = session.username;
  const id = ctx.ids.next();
  const ts = ctx.clock();
  const text = encodeRoute('broadcast', { id, from, text: body.text, ts });
  // The other nodes first: when they cannot be reached the sender hears 503 and nobody got it.
  return after(ctx.relay.broadcast(from, text), (skippedElsewhere) => {
    const skipped = fanOutBroadcast(ctx, from, text);
    return ok({ id, ts, skipped: skipped + skippedElsewhere });
  });
}

/** Pushes a broadcast to this process's users, except its sender and those who blocked it. */
export function fanOutBroadcast(ctx: ServerContext, from: string, text: string): number {
  const frame = sharedFrame(text);
  let skipped = 0;
  for (const other of ctx.online.sessions()) {
    const name = other.username;
    if (name === undefined || name === from) continue;
    if (ctx.store.blocks.has(name, from)) skipped++;
    else other.push(frame);
  }
  return skipped;
}
