/** logout, ping and active. */
import type { ServerContext } from '../context.js';
import { ok, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';

export function logout(ctx: ServerContext, session: LoggedInSession): Reply {
  return ok({}, () => {
    ctx.endSession(session, 'logout');
    session.end();
  });
}

/** Keeps the connection alive without counting as user activity (the router skips it). */
export function ping(): Reply {
  return ok();
}

export function active(): Reply {
  return ok();
}
