/** Direct messages (stored when the recipient is offline) and broadcasts (never stored). */
import { StandardMessage, Status, type RequestBody } from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { fail, ok, type Reply } from '../reply.js';
import type { MessageBody } from '../plain-message.js';
import { sharedPushFrame, type Session } from '../session.js';

export function message(ctx: ServerContext, session: Session, body: MessageBody): Reply {
  const from = session.username ?? '';
  const { to, text } = body;
  if (to === from) return fail(Status.badRequest, 'you cannot message yourself');
  if (!ctx.store.users.exists(to)) return fail(Status.notFound, 'no such user');
  if (ctx.store.blocks.has(to, from)) return fail(Status.forbidden, StandardMessage.blockedByRecipient);

  const id = ctx.ids.next();
  const ts = ctx.clock();
  const recipient = ctx.online.get(to);
  if (recipient) {
    const textJson = body.textJson ?? JSON.stringify(text);
    recipient.pushDirect(directMessageFrame(id, from, textJson, ts), { recipient: to, id, from, text, ts });
    return { frame: `[200] {"id":"${id}","ts":${ts},"delivered":true}\n` };
  }
  ctx.store.offlineQueue.append(to, { id, from, text, ts });
  return ok({ id, ts, delivered: false });
}

/**
 * The hot path's frame, built by hand: ids and usernames are restricted to characters that JSON
 * never escapes, and the text comes already encoded. Equal to encodeRoute('message', {...}).
 */
function directMessageFrame(id: string, from: string, textJson: string, ts: number): string {
  return `[message] {"id":"${id}","from":"${from}","text":${textJson},"ts":${ts}}\n`;
}

export function broadcast(ctx: ServerContext, session: Session, body: RequestBody<'broadcast'>): Reply {
  const from = session.username ?? '';
  const id = ctx.ids.next();
  const ts = ctx.clock();
  const frame = sharedPushFrame('broadcast', { id, from, text: body.text, ts });
  let skipped = 0;
  for (const other of ctx.online.sessions()) {
    const name = other.username;
    if (name === undefined || name === from) continue;
    if (ctx.store.blocks.has(name, from)) skipped++;
    else other.push(frame);
  }
  return ok({ id, ts, skipped });
}
