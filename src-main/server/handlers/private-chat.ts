/** Brokering of private chats: request, answer, and the one-time token handed to both peers. */
import {
  encodeRoute,
  Status,
  type CancelReason,
  type RequestBody,
} from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { newToken } from '../ids.js';
import type { PrivateRequest } from '../private-requests.js';
import { fail, ok, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';

export function startprivate(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'startprivate'>,
): Reply {
  const from = session.username;
  const to = body.user;
  if (to === from) return fail(Status.badRequest, 'you cannot start a private chat with yourself');
  const recipient = ctx.online.get(to);
  if (!recipient)
    return fail(Status.notFound, ctx.store.users.exists(to) ? `${to} is offline` : 'no such user');
  if (ctx.store.blocks.has(to, from)) return fail(Status.forbidden, `${to} has blocked you`);
  if (recipient.p2pPort === undefined) return fail(Status.conflict, `${to} cannot accept private chats`);
  if (ctx.privateRequests.pendingBetween(from, to)) {
    return fail(Status.conflict, `a private chat request between you and ${to} is already pending`);
  }
  const request = ctx.privateRequests.create(from, to, ctx.clock());
  const { requestId, expiresAt } = request;
  recipient.push(encodeRoute('privaterequest', { requestId, from, expiresAt }));
  return ok({ requestId: request.requestId });
}

export function privateanswer(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'privateanswer'>,
): Reply {
  const me = session.username;
  if (body.accept && session.p2pPort === undefined) {
    return fail(Status.conflict, 'you have no private-chat listener; log in with a p2pPort to accept');
  }
  const request = ctx.privateRequests.take(body.requestId, me);
  if (!request) return fail(Status.notFound, 'unknown or expired request');
  const requester = ctx.online.get(request.from);
  if (!requester) return fail(Status.notFound, `${request.from} is offline`);
  const { requestId } = request;
  if (!body.accept) {
    requester.push(encodeRoute('privaterejected', { requestId, user: me, reason: 'rejected' }));
    return ok();
  }
  const token = newToken();
  const accepted = { requestId, user: me, host: session.remoteAddress, port: session.p2pPort ?? 0, token };
  // The accepter learns its token before the requester can dial in with it.
  return ok({ token }, () => requester.push(encodeRoute('privateaccepted', accepted)));
}

/** The requester withdraws its request: the recipient's dialog is told to go. */
export function cancelprivate(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'cancelprivate'>,
): Reply {
  const request = ctx.privateRequests.takeFrom(body.requestId, session.username);
  if (!request) return fail(Status.notFound, 'unknown or already answered request');
  tellRecipientCancelled(ctx, request, 'cancelled');
  return ok();
}

/** Called by the sweep: unanswered requests are rejected with reason `timeout` on both sides. */
export function expirePrivateRequests(ctx: ServerContext, now: number): void {
  for (const request of ctx.privateRequests.expire(now)) {
    const { requestId } = request;
    ctx.online
      .get(request.from)
      ?.push(encodeRoute('privaterejected', { requestId, user: request.to, reason: 'timeout' }));
    tellRecipientCancelled(ctx, request, 'timeout');
  }
}

/** A request the recipient still holds ended without its answer. */
export function tellRecipientCancelled(
  ctx: ServerContext,
  request: PrivateRequest,
  reason: CancelReason,
): void {
  const { requestId, from } = request;
  ctx.online.get(request.to)?.push(encodeRoute('privatecancelled', { requestId, from, reason }));
}
