/**
 * One redis-server and N Parley nodes on it for a scale-out test file (started once per file, as
 * real processes), and the awaits those tests share: a presence change, a login that may meet a
 * 409 while the service notices a dead session, the direct messages a client has received.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Frame, JsonObject } from '../../src-shared/protocol/index.js';
import { LineClient } from '../helpers/line-client.js';
import { disposeAllRedis, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { disposeAllNodes, startNodes, type NodeOptions, type ParleyNode } from '../helpers/server-nodes.js';

/** The protocol's bound for a dead node's users to go offline and log in elsewhere, plus slack for a loaded machine. */
export const BOUND_MS = 15_000;
export const SLACK_MS = 15_000;

export interface Cluster {
  readonly redis: RedisServer;
  readonly nodes: ParleyNode[];
}

/** Starts Redis and `count` nodes before the file's tests, and kills them all after. */
export function useCluster(count: number, options: NodeOptions = {}): () => Cluster {
  let cluster: Cluster | undefined;
  const clients: LineClient[] = [];
  beforeAll(async () => {
    const redis = await startRedis();
    cluster = { redis, nodes: await startNodes(redis.url, count, options) };
  }, 120_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    await disposeAllNodes();
    await disposeAllRedis();
  });
  return () => {
    if (!cluster) throw new Error('the cluster starts before the tests');
    return cluster;
  };
}

export const password = (user: string): string => `${user}-secret`;

/** Registers `user` through `node` (409 is fine: the account exists). */
export async function register(node: ParleyNode, user: string): Promise<void> {
  const c = await LineClient.connect(node.port);
  try {
    const res = await c.request('register', { username: user, password: password(user) });
    if (res.status !== 200 && res.status !== 409) throw new Error(`register ${user}: ${res.status}`);
  } finally {
    c.close();
  }
}

/** A new connection to `node` logged in as `user` (registered first); throws on anything but 200. */
export async function login(
  node: ParleyNode,
  user: string,
  extra: JsonObject = {},
  autoAck = true,
): Promise<LineClient> {
  await register(node, user);
  const c = await LineClient.connect(node.port, '127.0.0.1', { autoAck });
  const res = await c.request('login', { username: user, password: password(user), ...extra });
  if (res.status !== 200) {
    c.close();
    throw new Error(`login ${user} on ${node.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return c;
}

/**
 * Logs `user` in on `node`, retrying while the answer is 409 (the old session not yet released) or
 * 503, until `withinMs`: the protocol's promise is a login elsewhere within 15 seconds.
 */
export async function loginWithin(
  node: ParleyNode,
  user: string,
  withinMs: number,
  autoAck = true,
): Promise<{ client: LineClient; attempts: number[] }> {
  const deadline = Date.now() + withinMs;
  const attempts: number[] = [];
  for (;;) {
    const c = await LineClient.connect(node.port, '127.0.0.1', { autoAck });
    const res = await c.request('login', { username: user, password: password(user) });
    attempts.push(res.status);
    if (res.status === 200) return { client: c, attempts };
    c.close();
    if ((res.status !== 409 && res.status !== 503) || Date.now() > deadline) {
      throw new Error(`login ${user} on ${node.name}: ${attempts.join(',')} ${JSON.stringify(res.body)}`);
    }
    // The old session is released by the service's sweep: poll for it, the bound is the deadline.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The presence changes in one `[presence]` frame (1.1 single or 1.2 batched). */
export function changesOf(body: JsonObject): { user: string; online: boolean }[] {
  if (Array.isArray(body.users)) {
    return (body.users as JsonObject[]).map((u) => ({ user: String(u.user), online: u.online === true }));
  }
  return [{ user: String(body.user), online: body.online === true }];
}

/** Resolves once `client` is told that `user` is `online` (or rejects after `timeoutMs`). */
export async function presenceOf(
  client: LineClient,
  user: string,
  online: boolean,
  timeoutMs: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no presence ${user} ${online} in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    for (;;) {
      const frame = await Promise.race([
        client.next((f: Frame) => f.kind === 'route' && f.route === 'presence'),
        timeout,
      ]);
      if (frame.kind !== 'route') continue;
      if (changesOf(frame.body).some((c) => c.user === user && c.online === online)) return;
    }
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the next push of `route` matching `match`, or rejects after `timeoutMs`. */
export async function pushWithin(
  client: LineClient,
  route: string,
  timeoutMs: number,
  match: (body: JsonObject) => boolean = () => true,
): Promise<JsonObject> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no [${route}] push within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const frame = await Promise.race([
      client.next((f: Frame) => f.kind === 'route' && f.route === route && match(f.body)),
      timeout,
    ]);
    if (frame.kind !== 'route') throw new Error('unreachable');
    return frame.body;
  } finally {
    clearTimeout(timer);
  }
}

/** Per recipient, what a client keeps: seq → text; a seq carrying two texts is a violation. */
export class Inbox {
  readonly bySeq = new Map<number, string>();
  readonly violations: string[] = [];

  take(client: LineClient): void {
    for (const m of client.takePushes('message')) this.add(m);
  }

  add(m: JsonObject): void {
    if (typeof m.room !== 'string') {
      const seq = Number(m.seq);
      const text = String(m.text);
      const before = this.bySeq.get(seq);
      if (before === undefined) this.bySeq.set(seq, text);
      else if (before !== text) this.violations.push(`seq ${seq} carried ${before} and ${text}`);
    }
  }

  /** How many seqs carried `text` (after dedupe by seq). */
  count(text: string): number {
    let n = 0;
    for (const t of this.bySeq.values()) if (t === text) n++;
    return n;
  }

  has(text: string): boolean {
    return this.count(text) > 0;
  }
}

/** Reads (and acks) until `done` holds for the inbox, re-pinging so that nothing waits unread. */
export async function drainUntil(
  client: LineClient,
  inbox: Inbox,
  done: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  inbox.take(client);
  while (!done()) inbox.add(await pushWithin(client, 'message', Math.max(1, deadline - Date.now())));
}
