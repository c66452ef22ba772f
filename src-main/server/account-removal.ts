/** Removing an account, for [unregister] and for the server's administrator: one path for both. */
import { after, type Maybe } from './backend.js';
import type { ServerContext } from './context.js';

/**
 * Logs the user out if online (the others get `online:false`), then deletes the account and all
 * that is stored for it. The caller closes the user's connection. Returns false for no such user.
 */
export function removeAccount(ctx: ServerContext, username: string, by: string): Maybe<boolean> {
  if (!ctx.store.users.exists(username)) return false;
  const session = ctx.online.get(username);
  if (session) ctx.endSession(session, 'logout');
  // The batcher reads blocks when it sends: send the `online:false` while the account's blocks
  // still say who must not hear it.
  ctx.presence.flush();
  // The rooms hear that the user left (memory, `[member]` leave items, ownership passed on)...
  ctx.rooms.removeUser(username, () => ctx.ids.next(), ctx.clock());
  // ...and that, and messages to the user still waiting for this turn's commit, are committed
  // before the delete, not after it.
  ctx.delivery.flushWrites();
  // A shared backend answers later: the lock is lifted and the removal logged once it is done.
  return after(ctx.store.removeAccount(username), () => {
    ctx.lockout.unlock(username, ctx.clock());
    ctx.log('account', `${username} removed (${by})`);
    return true;
  });
}
