/** Protocol 1.2 account routes: [users] (find anyone registered), [password] and [unregister]. */
import { StandardMessage, Status, type RequestBody } from '../../../src-shared/protocol/index.js';
import { HashQueueFullError } from '../../store/hash-workers.js';
import { hashPassword, verifyPassword } from '../../store/password.js';
import { removeAccount } from '../account-removal.js';
import type { ServerContext } from '../context.js';
import { fail, ok, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';

export const DEFAULT_USERS_LIMIT = 20;

export function users(ctx: ServerContext, session: LoggedInSession, body: RequestBody<'users'>): Reply {
  const me = session.username;
  const found = ctx.store.users.findByPrefix(body.prefix, body.limit ?? DEFAULT_USERS_LIMIT, (name) =>
    ctx.store.blocks.has(name, me),
  );
  return ok({ users: found });
}

export async function password(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'password'>,
): Promise<Reply> {
  const refused = await checkOwnPassword(ctx, session, body.old);
  if (refused) return refused;
  let hash: string;
  try {
    hash = await hashPassword(body.new, ctx.passwordParams);
  } catch (error) {
    return busyOrThrow(error);
  }
  if (!ctx.store.users.exists(session.username)) return fail(Status.notFound, 'no such user');
  await ctx.store.users.setPasswordHash(session.username, hash);
  ctx.log('account', `${session.username} changed their password`);
  return ok();
}

export async function unregister(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'unregister'>,
): Promise<Reply> {
  const refused = await checkOwnPassword(ctx, session, body.password);
  if (refused) return refused;
  return ok({}, async () => {
    await removeAccount(ctx, session.username, 'unregister');
    session.end();
  });
}

/**
 * The logged-in user's password, checked as a login would be: refused while the name is locked,
 * and a wrong one counts toward the lockout (so a left-open session cannot be used to guess it).
 */
async function checkOwnPassword(
  ctx: ServerContext,
  session: LoggedInSession,
  given: string,
): Promise<Reply | undefined> {
  const me = session.username;
  if (await ctx.lockout.isLocked(me, ctx.clock()))
    return fail(Status.forbidden, StandardMessage.accountLocked);
  const hash = await ctx.store.users.passwordHash(me);
  let valid: boolean;
  try {
    valid = hash !== undefined && (await verifyPassword(given, hash));
  } catch (error) {
    return busyOrThrow(error);
  }
  const now = ctx.clock();
  if (session.closed) return fail(Status.unavailable, 'connection closed');
  if (await ctx.lockout.isLocked(me, now)) return fail(Status.forbidden, StandardMessage.accountLocked);
  if (!valid) {
    if (await ctx.lockout.recordFailure(me, now)) {
      ctx.log(
        'lockout',
        `${me} locked for ${ctx.options.blockDurationMs / 1000} s (wrong password in session)`,
      );
    }
    return fail(Status.unauthorized, StandardMessage.wrongPassword);
  }
  await ctx.lockout.recordSuccess(me);
  return undefined;
}

function busyOrThrow(error: unknown): Reply {
  if (error instanceof HashQueueFullError) return fail(Status.unavailable, error.message);
  throw error;
}
