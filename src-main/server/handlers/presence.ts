/** whoelse and whoelsesince: who else is (or was lately) online, hiding those who blocked the asker. */
import type { RequestBody } from '../../../src-shared/protocol/index.js';
import type { ServerContext } from '../context.js';
import { after } from '../backend.js';
import { ok, type Reply } from '../reply.js';
import type { LoggedInSession } from '../session.js';

export function whoelse(ctx: ServerContext, session: LoggedInSession): Reply {
  return ok({ users: visibleOthers(ctx, session.username, ctx.online.names()) });
}

export function whoelsesince(
  ctx: ServerContext,
  session: LoggedInSession,
  body: RequestBody<'whoelsesince'>,
): Reply | Promise<Reply> {
  const since = ctx.clock() - body.seconds * 1000;
  return after(ctx.store.presenceHistory.onlineSince(since), (seen) => {
    const names = new Set(ctx.online.names());
    for (const name of seen) names.add(name);
    return ok({ users: visibleOthers(ctx, session.username, names) });
  });
}

function visibleOthers(ctx: ServerContext, asker: string, names: Iterable<string>): string[] {
  const users: string[] = [];
  for (const name of names) {
    if (name !== asker && !ctx.store.blocks.has(name, asker)) users.push(name);
  }
  return users.sort();
}
