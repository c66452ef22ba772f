/**
 * Streams a user's stored offline messages after login, oldest first, a page at a time: each page is
 * deleted only once the socket has taken it, so a connection lost midway keeps the rest for later.
 */
import type { ServerContext } from './context.js';
import { pushFrame, type Session } from './session.js';

const PAGE_SIZE = 1000;

export async function deliverBacklog(
  ctx: ServerContext,
  session: Session,
  username: string,
): Promise<number> {
  const queue = ctx.store.offlineQueue;
  let delivered = 0;
  let afterSeq = 0;
  for (;;) {
    const page = queue.page(username, afterSeq, PAGE_SIZE);
    const last = page.at(-1);
    if (last === undefined || session.closed) return delivered;
    const frames = page
      .map((m) => pushFrame('message', { id: m.id, from: m.from, text: m.text, ts: m.ts, offline: true }))
      .join('');
    await session.pushAndFlush(frames);
    if (session.closed) return delivered;
    queue.acknowledge(username, last.seq);
    afterSeq = last.seq;
    delivered += page.length;
  }
}
