/** block, unblock and blocklist. */
import { Status, type RequestBody } from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { after } from '../backend.js';
import { fail, ok, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';

export function block(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'block'>,
): Reply | Promise<Reply> {
  const me = session.username;
  const invalid = checkTarget(ctx, me, body.user, 'block');
  if (invalid) return invalid;
  return after(ctx.store.blocks.add(me, body.user), (added) => {
    if (!added) return fail(Status.conflict, `${body.user} is already blocked`);
    // The blocked user gets no presence of me from now on: without this one, I would stay online in
    // their view until they reloaded (defect 9); their whoelse already hides me.
    if (ctx.online.has(body.user)) ctx.presence.tell(body.user, me, false);
    return ok();
  });
}

export function unblock(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'unblock'>,
): Reply | Promise<Reply> {
  const me = session.username;
  const invalid = checkTarget(ctx, me, body.user, 'unblock');
  if (invalid) return invalid;
  return after(ctx.store.blocks.delete(me, body.user), (deleted) => {
    if (!deleted) return fail(Status.conflict, `${body.user} is not blocked`);
    if (ctx.online.has(body.user)) ctx.presence.tell(body.user, me, true);
    return ok();
  });
}

export function blocklist(ctx: ServerContext, session: LoggedInSession): Reply {
  return ok({ users: ctx.store.blocks.listBy(session.username) });
}

function checkTarget(ctx: ServerContext, me: string, user: string, verb: string): Reply | undefined {
  if (user === me) return fail(Status.badRequest, `you cannot ${verb} yourself`);
  if (!ctx.store.users.exists(user)) return fail(Status.notFound, 'no such user');
  return undefined;
}
