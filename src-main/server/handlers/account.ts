/** register and login, with the lockout, the per-address throttle and the stored messages. */
import { StandardMessage, Status, type RequestBody } from '../../../src-shared/protocol/index.js';
import { HashQueueFullError } from '../../store/hash-workers.js';
import { hashPassword, verifyPassword } from '../../store/password.js';
import type { ServerContext } from '../context.js';
import { fail, ok, type Reply } from '../reply.js';
import type { LoggedInSession, Session } from '../session.js';

export async function register(
  ctx: ServerContext,
  session: Session,
  body: RequestBody<'register'>,
): Promise<Reply> {
  // 1.2: unique ignoring case, so `Bob` cannot pass for `bob`.
  if (ctx.store.users.existsIgnoringCase(body.username)) return fail(Status.conflict, 'username taken');
  const now = ctx.clock();
  if (ctx.registrationThrottle.isThrottled(session.remoteAddress, now)) {
    return fail(Status.tooManyRequests, 'too many registrations from your address; try again later');
  }
  ctx.registrationThrottle.record(session.remoteAddress, now);
  let hash: string;
  try {
    hash = await hashPassword(body.password, ctx.passwordParams);
  } catch (error) {
    return busyOrThrow(error);
  }
  // A concurrent registration of the same name may have won while this one hashed.
  if (!(await ctx.store.users.create(body.username, hash, ctx.clock())))
    return fail(Status.conflict, 'username taken');
  return ok();
}

export async function login(
  ctx: ServerContext,
  session: Session,
  body: RequestBody<'login'>,
): Promise<Reply> {
  const { username, password } = body;
  if (session.username !== undefined) return fail(Status.conflict, 'already logged in');
  if (!ctx.store.users.exists(username)) return fail(Status.notFound, 'no such user');
  if (await ctx.lockout.isLocked(username, ctx.clock()))
    return fail(Status.forbidden, StandardMessage.accountLocked);
  if (ctx.loginThrottle.isThrottled(session.remoteAddress, ctx.clock())) {
    return fail(Status.tooManyRequests, 'too many failed logins from your address; try again later');
  }

  const hash = await ctx.store.users.passwordHash(username);
  let valid: boolean;
  try {
    valid = hash !== undefined && (await verifyPassword(password, hash));
  } catch (error) {
    return busyOrThrow(error);
  }
  const now = ctx.clock();
  if (session.closed) return fail(Status.unavailable, 'connection closed');
  // Other connections may have failed (and locked the name) while this one hashed.
  if (await ctx.lockout.isLocked(username, now)) return fail(Status.forbidden, StandardMessage.accountLocked);
  if (!valid) {
    ctx.loginThrottle.record(session.remoteAddress, now);
    if (await ctx.lockout.recordFailure(username, now)) {
      ctx.log(
        'lockout',
        `${username} locked for ${ctx.options.blockDurationMs / 1000} s from ${session.remoteAddress}`,
      );
      return fail(Status.forbidden, StandardMessage.accountLocked);
    }
    return fail(Status.unauthorized, StandardMessage.wrongPassword);
  }
  if (ctx.online.has(username)) return fail(Status.conflict, 'already logged in');

  session.username = username;
  session.p2pPort = body.p2pPort;
  session.presenceBatch = body.presenceBatch === true;
  session.lastActivity = now;
  const loggedIn = session as LoggedInSession;
  let claimed: boolean;
  try {
    claimed = await ctx.sessions.claim(loggedIn);
  } finally {
    if (ctx.online.get(username) !== session) session.username = undefined;
  }
  if (!claimed) return fail(Status.conflict, 'already logged in');
  if (session.closed) {
    // The connection went while the claim was on its way: it must not hold the name.
    ctx.endSession(session, 'disconnect');
    return fail(Status.unavailable, 'connection closed');
  }
  await ctx.lockout.recordSuccess(username);
  await ctx.store.presenceHistory.loggedIn(username, now);
  ctx.log('login', `${username} from ${session.remoteAddress}`);
  return ok({ username }, () => {
    // Right behind the 200: the stored messages, oldest first, as far as the window allows.
    ctx.delivery.attach(loggedIn);
    ctx.rooms.attach(loggedIn);
    if (ctx.online.get(username) === session) ctx.presence.announce(username, true);
  });
}

/** A full hashing queue is load, not a fault: the client is told to come back. */
function busyOrThrow(error: unknown): Reply {
  if (error instanceof HashQueueFullError) return fail(Status.unavailable, error.message);
  throw error;
}
