/**
 * `--redis URL`: this node shares the chat service's state with the other nodes through one Redis
 * (docs/scale-out.md). Redis is the truth; pub/sub only announces (presence, broadcasts, blocks,
 * new accounts, wakeups). What every message reads (accounts, blocks) is cached here and kept
 * current from those announcements; the scripts check it again atomically where it decides.
 *
 * Liveness: the node's `parley:node:ID` key lives three heartbeats. A sweeper (one node at a time,
 * `SET NX` lock) releases the sessions of nodes whose key is gone and publishes their users'
 * offline presence; a node that finds its own key had expired (it was paused) drops its users.
 */
import { randomBytes } from 'node:crypto';
import { foldCase } from '../../store/users.js';
import type { ChatStorage, LockoutPolicy, Relay, SessionRegistry } from '../backend.js';
import type { Logger, ServerContext, SharedBackend, SharedParts } from '../context.js';
import { fanOutBroadcast } from '../handlers/messaging.js';
import { OnlineIndex } from '../online.js';
import type { ServerOptions } from '../options.js';
import { PresenceBatcher } from '../presence-batcher.js';
import type { LoggedInSession, Session } from '../session.js';
import { RedisDelivery } from './redis-delivery.js';
import {
  ALL_CHANNEL,
  connectClient,
  EPOCH_KEY,
  LASTSEEN_KEY,
  nodeChannel,
  nodeKey,
  ONLINE_KEY,
  RedisLink,
  type RedisClient,
  userKey,
  USERS_KEY,
} from './redis-link.js';
import { BLOCK, CLAIM, FAILURE, REGISTER, RELEASE } from './scripts.js';

/** How long a block waits for the other nodes to confirm their caches hold it. */
const BLOCK_ACK_MS = 1_000;

export interface RedisBackendConfig {
  readonly url: string;
  /** Stable across restarts lets a restarted node release what its previous run left; default random. */
  readonly nodeName?: string;
  /** Default 2 s: a dead node's users are offline within about four heartbeats (the bound is 15 s). */
  readonly heartbeatMs?: number;
}

export function redisBackend(config: RedisBackendConfig): SharedBackend {
  return (base) => new RedisNode(config, base.options, base.clock, base.log).parts();
}

/** A user logged in on another node. */
interface RemoteUser {
  readonly node: string;
}

/** Local sessions, plus the users the other nodes hold (whoelse, "already logged in"). */
class ClusterOnline extends OnlineIndex {
  constructor(private readonly remote: Map<string, RemoteUser>) {
    super();
  }

  override has(username: string): boolean {
    return super.has(username) || this.remote.has(username);
  }

  override *names(): IterableIterator<string> {
    yield* super.names();
    for (const name of this.remote.keys()) if (!super.has(name)) yield name;
  }
}

/** A `tell` for a user on another node goes to that node, whose batcher sends it. */
class ClusterPresence extends PresenceBatcher {
  constructor(
    online: OnlineIndex,
    blocks: ChatStorage['blocks'],
    windowMs: number,
    private readonly elsewhere: (recipient: string, user: string, online: boolean) => boolean,
  ) {
    super(online, blocks, windowMs);
  }

  override tell(recipient: string, user: string, online: boolean): void {
    if (!this.elsewhere(recipient, user, online)) super.tell(recipient, user, online);
  }
}

class RedisNode {
  readonly node: string;
  private readonly incarnation = randomBytes(6).toString('hex');
  private readonly heartbeatMs: number;
  private readonly client: RedisClient;
  private readonly subscriber: RedisClient;
  private readonly link: RedisLink;
  private readonly names = new Set<string>();
  private readonly folded = new Map<string, string>();
  private readonly blocks = new Map<string, Set<string>>();
  private readonly remote = new Map<string, RemoteUser>();
  private readonly claiming = new Set<string>();
  private readonly blockAcks = new Map<string, () => void>();
  private blockTokens = 0;
  private readonly online: ClusterOnline;
  private readonly presence: PresenceBatcher;
  private readonly delivery: RedisDelivery;
  private ctx: ServerContext | undefined;
  private timer: NodeJS.Timeout | undefined;
  private started = false;

  constructor(
    config: RedisBackendConfig,
    private readonly options: ServerOptions,
    private readonly clock: () => number,
    private readonly logger: Logger,
  ) {
    this.node = config.nodeName ?? `node-${randomBytes(4).toString('hex')}`;
    this.heartbeatMs = config.heartbeatMs ?? 2_000;
    const onError = (error: Error): void => this.log(`redis: ${error.message}`);
    this.client = connectClient(config.url, onError);
    this.subscriber = this.client.duplicate();
    this.subscriber.on('error', onError);
    this.link = new RedisLink(this.client);
    this.online = new ClusterOnline(this.remote);
    this.presence = new ClusterPresence(
      this.online,
      this.blockStore(),
      options.presenceBatchMs,
      (recipient, user, online) => {
        const holder = this.remote.get(recipient);
        if (holder === undefined) return false;
        this.publish(nodeChannel(holder.node), `t${recipient} ${user} ${online ? 1 : 0}`);
        return true;
      },
    );
    const window = {
      messages: Math.max(1, options.deliveryWindow.messages),
      bytes: Math.min(options.deliveryWindow.bytes, Math.floor(options.limits.hardOutputBytes / 4)),
    };
    this.delivery = new RedisDelivery(
      this.link,
      { node: this.node, connOf: (session) => this.connOf(session), log: (detail) => this.log(detail) },
      window,
    );
  }

  parts(): SharedParts {
    return {
      store: this.storage(),
      online: this.online,
      lockout: this.lockout(),
      sessions: this.sessions(),
      relay: this.relay(),
      presence: this.presence,
      delivery: this.delivery,
      sharesRooms: false,
      attach: (ctx) => (this.ctx = ctx),
      start: () => this.start(),
      stop: () => this.stop(),
    };
  }

  private log(detail: string): void {
    this.logger('error', `[${this.node}] ${detail}`);
  }

  private connOf(session: Session): string {
    return `${this.incarnation}.${session.id}`;
  }

  private publish(channel: string, message: string): void {
    this.client.publish(channel, message).catch((error: unknown) => this.log(`publish: ${String(error)}`));
  }

  // --- start, heartbeat, sweep -------------------------------------------------------------

  private async start(): Promise<void> {
    await this.client.connect();
    await this.subscriber.connect();
    await this.client.set(EPOCH_KEY, randomBytes(8).toString('hex'), { NX: true });
    this.link.epoch = (await this.client.get(EPOCH_KEY)) ?? '';
    // Subscribed before the caches are loaded: a change made meanwhile is applied twice, never missed.
    await this.subscriber.subscribe([ALL_CHANNEL, nodeChannel(this.node)], (message) =>
      this.onMessage(message),
    );
    this.subscriber.on('ready', () => {
      // node-redis resubscribes by itself; what was published while it was away is read from Redis
      // (and again on the next heartbeat if the command connection is not back yet).
      if (!this.started) return;
      this.refresh()
        .then(() => this.delivery.rereadAll())
        .catch((error: unknown) => this.log(`after reconnect: ${String(error)}`));
    });
    const users = await this.client.sMembers(USERS_KEY);
    for (const name of users) this.addName(name);
    const blockLists = await Promise.all(users.map((name) => this.client.sMembers(userKey(name, 'blocks'))));
    users.forEach((name, i) => {
      for (const blocked of blockLists[i] ?? []) this.blockSet(name).add(blocked);
    });
    await this.beat();
    // What a previous run under this node name left online is over (ejabberd's sweep at start).
    await this.releaseNode(this.node, this.clock());
    await this.refresh();
    this.started = true;
    this.timer = setInterval(() => void this.tick(), this.heartbeatMs);
    this.timer.unref();
  }

  private async stop(): Promise<void> {
    clearInterval(this.timer);
    this.delivery.stop();
    try {
      await this.releaseNode(this.node, this.clock());
      await this.client.del(nodeKey(this.node));
    } catch {
      // Redis gone at shutdown: the others' sweeper releases our users when our key expires.
    }
    // quit waits for Redis to answer; with Redis gone there is nothing to wait for.
    await Promise.allSettled(
      [this.subscriber, this.client].map((c) => (c.isReady ? c.quit() : Promise.resolve(c.destroy()))),
    );
  }

  private async tick(): Promise<void> {
    try {
      // Our key had expired (we were paused, or Redis was away longer than three beats): the
      // sweeper may have given our users away, and they may be logged in elsewhere by now.
      if (!(await this.beat())) await this.dropMoved();
      const epoch = await this.client.get(EPOCH_KEY);
      if (epoch !== this.link.epoch) this.log('Redis lost its data (parley:epoch changed): answering 503');
      await this.sweep();
      await this.refresh();
      this.delivery.rereadAll();
    } catch (error) {
      this.log(`heartbeat: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Renews our key; false when it had expired (the others may have given our users away). */
  private async beat(): Promise<boolean> {
    const now = String(this.clock());
    const previous = await this.client.set(nodeKey(this.node), now, { PX: this.heartbeatMs * 3, GET: true });
    await this.client.hSet('parley:nodeseen', this.node, now);
    return previous !== null;
  }

  /** Ends every local session whose user Redis no longer holds for it. */
  private async dropMoved(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    const sessions = [...ctx.online.sessions()] as LoggedInSession[];
    const owners = await Promise.all(
      sessions.map((session) => this.client.hmGet(userKey(session.username, 'sess'), ['node', 'conn'])),
    );
    sessions.forEach((session, i) => {
      const [node, conn] = owners[i] ?? [];
      if (node === this.node && conn === this.connOf(session)) return;
      this.log(`${session.username} is no longer held here (heartbeat had expired): dropped`);
      ctx.endSession(session, 'disconnect');
      session.end();
    });
  }

  /** One node at a time: releases the users of nodes whose heartbeat key is gone. */
  private async sweep(): Promise<void> {
    const locked = await this.client.set('parley:sweep', this.node, { NX: true, PX: this.heartbeatMs });
    if (locked === null) return;
    const online = await this.client.hGetAll(ONLINE_KEY);
    const nodes = new Set(Object.values(online).map((value) => value.split(' ')[0] ?? ''));
    for (const node of nodes) {
      if (node === '' || (await this.client.exists(nodeKey(node))) === 1) continue;
      const seen = Number((await this.client.hGet('parley:nodeseen', node)) ?? this.clock());
      this.log(`node ${node} is gone: its users are offline since ${new Date(seen).toISOString()}`);
      await this.releaseNode(node, seen, online);
    }
  }

  private async releaseNode(node: string, at: number, online?: Record<string, string>): Promise<void> {
    const entries = online ?? (await this.client.hGetAll(ONLINE_KEY));
    for (const [name, value] of Object.entries(entries)) {
      if ((value.split(' ')[0] ?? '') !== node) continue;
      if (node === this.node && this.ctx?.online.get(name) !== undefined) continue;
      await this.link.script(
        RELEASE,
        [userKey(name, 'sess'), ONLINE_KEY, LASTSEEN_KEY],
        [node, '', name, at],
      );
    }
  }

  /** Re-reads who is online where (heals announcements lost while pub/sub was down). */
  private async refresh(): Promise<void> {
    const online = await this.client.hGetAll(ONLINE_KEY);
    const seen = new Set<string>();
    for (const [name, value] of Object.entries(online)) {
      const node = value.split(' ')[0] ?? '';
      if (node === this.node) {
        // Released while Redis was unreachable: say so now.
        if (this.ctx?.online.get(name) === undefined) {
          await this.link.script(
            RELEASE,
            [userKey(name, 'sess'), ONLINE_KEY, LASTSEEN_KEY],
            [node, '', name, this.clock()],
          );
        }
        continue;
      }
      seen.add(name);
      if (this.remote.get(name)?.node !== node) this.remoteOnline(name, node);
    }
    for (const [name, user] of [...this.remote]) if (!seen.has(name)) this.remoteOffline(name, user.node);
  }

  // --- announcements -----------------------------------------------------------------------

  private onMessage(message: string): void {
    const kind = message.slice(0, 2);
    const rest = message.slice(2);
    switch (kind) {
      case 'u+':
        this.addName(rest);
        return;
      case 'u-':
        this.removeName(rest);
        return;
      case 'k+':
      case 'k-': {
        const [blocker = '', blocked = '', token = ''] = rest.split(' ');
        if (kind === 'k+') this.blockSet(blocker).add(blocked);
        else this.blocks.get(blocker)?.delete(blocked);
        const origin = token.slice(0, token.lastIndexOf('.'));
        if (origin !== '') this.publish(nodeChannel(origin), `a${token}`);
        return;
      }
      case 'p+':
      case 'p-': {
        const [node = '', name = ''] = rest.split(' ');
        if (node === this.node) return;
        if (kind === 'p+') this.remoteOnline(name, node);
        else this.remoteOffline(name, node);
        return;
      }
    }
    switch (message[0]) {
      case 'b': {
        const newline = message.indexOf('\n');
        const [node = '', from = ''] = message.slice(1, newline).split(' ');
        if (node !== this.node && this.ctx) fanOutBroadcast(this.ctx, from, message.slice(newline + 1));
        return;
      }
      case 'w':
        this.delivery.wake(message.slice(1));
        return;
      case 'a':
        this.blockAcks.get(message.slice(1))?.();
        return;
      case 't': {
        const [recipient = '', user = '', online] = message.slice(1).split(' ');
        if (this.ctx?.online.get(recipient)) this.presence.tell(recipient, user, online === '1');
        return;
      }
      default:
        return;
    }
  }

  private remoteOnline(name: string, node: string): void {
    const local = this.ctx?.online.get(name);
    if (local) {
      // Logged in elsewhere after this node was presumed dead: this session is over.
      this.ctx?.endSession(local, 'disconnect');
      local.end();
    }
    const known = this.remote.has(name);
    this.remote.set(name, { node });
    if (!known) this.presence.announce(name, true);
  }

  private remoteOffline(name: string, node: string): void {
    if (this.remote.get(name)?.node !== node) return;
    this.remote.delete(name);
    this.presence.announce(name, false);
  }

  private addName(name: string): void {
    this.names.add(name);
    this.folded.set(foldCase(name), name);
  }

  private removeName(name: string): void {
    this.names.delete(name);
    this.folded.delete(foldCase(name));
    this.blocks.delete(name);
    for (const set of this.blocks.values()) set.delete(name);
  }

  private blockSet(blocker: string): Set<string> {
    let set = this.blocks.get(blocker);
    if (!set) this.blocks.set(blocker, (set = new Set()));
    return set;
  }

  // --- the parts ---------------------------------------------------------------------------

  private blockStore(): ChatStorage['blocks'] {
    return {
      has: (blocker, blocked) => this.blocks.get(blocker)?.has(blocked) ?? false,
      add: (blocker, blocked) => this.changeBlock(blocker, blocked, true),
      delete: (blocker, blocked) => this.changeBlock(blocker, blocked, false),
      blockedBy: (blocker) => this.blocks.get(blocker),
      listBy: (blocker) => [...(this.blocks.get(blocker) ?? [])].sort(),
    };
  }

  /**
   * A block holds on every node once its 200 is sent: the change is answered only after every node
   * that received its announcement has said its cache holds it (or after BLOCK_ACK_MS: a node that
   * does not answer is dead or paused, and the send script checks blocks in Redis anyway).
   */
  private async changeBlock(blocker: string, blocked: string, on: boolean): Promise<boolean> {
    const token = `${this.node}.${++this.blockTokens}`;
    let acked = 0;
    let expected = Infinity;
    let done: () => void = () => {};
    const allAcked = new Promise<void>((resolve) => (done = resolve));
    this.blockAcks.set(token, () => {
      if (++acked >= expected) done();
    });
    try {
      const reply = await this.link.script(
        BLOCK,
        [userKey(blocker, 'blocks')],
        [blocked, on ? '1' : '0', blocker, token],
      );
      if (reply === 0) return false;
      expected = (reply as number[])[1] ?? 0;
      if (acked < expected) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([allAcked, new Promise((resolve) => (timer = setTimeout(resolve, BLOCK_ACK_MS)))]);
        clearTimeout(timer);
      }
    } finally {
      this.blockAcks.delete(token);
    }
    if (on) this.blockSet(blocker).add(blocked);
    else this.blocks.get(blocker)?.delete(blocked);
    return true;
  }

  private storage(): ChatStorage {
    const names = this.names;
    return {
      users: {
        exists: (name) => this.names.has(name),
        existsIgnoringCase: (name) => this.folded.has(foldCase(name)),
        create: async (name, hash, now) => {
          const created =
            (await this.link.script(REGISTER, [userKey(name, 'acct'), USERS_KEY], [name, hash, now])) === 1;
          if (created) this.addName(name);
          return created;
        },
        passwordHash: async (name) => {
          const [stored, hash] = await this.link.run((c) => c.hmGet(userKey(name, 'acct'), ['name', 'hash']));
          return stored === name ? (hash ?? undefined) : undefined;
        },
        setPasswordHash: async (name, hash) => {
          await this.link.run((c) => c.hSet(userKey(name, 'acct'), 'hash', hash));
        },
        findByPrefix: (prefix, limit, skip) => {
          const low = foldCase(prefix);
          const found: string[] = [];
          const sorted = [...this.names].filter((name) => foldCase(name).startsWith(low));
          sorted.sort((a, b) =>
            foldCase(a) < foldCase(b) ? -1 : foldCase(a) > foldCase(b) ? 1 : a < b ? -1 : 1,
          );
          for (const name of sorted) {
            if (found.length >= limit) break;
            if (!skip(name)) found.push(name);
          }
          return found;
        },
        list: () => [...this.names].sort(),
        get count() {
          return names.size;
        },
      },
      blocks: this.blockStore(),
      presenceHistory: {
        // The claim and release scripts write `parley:online` and `parley:lastseen`; the sweeper
        // closes a dead node's users at its last heartbeat.
        recoverAfterCrash: () => {},
        loggedIn: () => {},
        loggedOut: () => {},
        heartbeat: () => {},
        onlineSince: (since) => this.link.run((c) => c.zRangeByScore(LASTSEEN_KEY, since, '+inf')),
      },
      removeAccount: async (name) => {
        if (!this.names.has(name)) return false;
        const parts = ['acct', 'blocks', 'inbox', 'sess', 'fail', 'lock'];
        // `{u}:meta` stays: a new account of the same name never gets a seq the old one's clients have.
        await this.link.run(async (c) => {
          await c.del(parts.map((part) => userKey(name, part)));
          await c.sRem(USERS_KEY, name);
          await c.zRem(LASTSEEN_KEY, name);
          for (const [blocker, set] of this.blocks) {
            if (set.has(name)) await c.sRem(userKey(blocker, 'blocks'), name);
          }
          await c.publish(ALL_CHANNEL, `u-${name}`);
        });
        this.removeName(name);
        return true;
      },
      accounts: () => [...this.names].sort().map((username) => ({ username, lastSeen: undefined })),
    };
  }

  private lockout(): LockoutPolicy {
    const blockMs = this.options.blockDurationMs;
    const lockKey = (name: string): string => userKey(name, 'lock');
    return {
      isLocked: async (name) => (await this.link.run((c) => c.exists(lockKey(name)))) === 1,
      recordFailure: async (name) =>
        (await this.link.script(FAILURE, [userKey(name, 'fail'), lockKey(name)], [blockMs])) === 1,
      recordSuccess: async (name) => {
        await this.link.run((c) => c.del(userKey(name, 'fail')));
      },
      // The live admin's view; the locks themselves are in Redis.
      lockedUntil: () => undefined,
      lock: (name, until) => {
        this.client
          .set(lockKey(name), '1', { PX: Math.max(1, until - this.clock()) })
          .catch((error: unknown) => this.log(`lock: ${String(error)}`));
      },
      unlock: (name) => {
        this.client
          .del([lockKey(name), userKey(name, 'fail')])
          .catch((error: unknown) => this.log(`unlock: ${String(error)}`));
        return true;
      },
      sweep: () => {},
    };
  }

  private sessions(): SessionRegistry {
    const keys = (name: string): string[] => [userKey(name, 'sess'), ONLINE_KEY, LASTSEEN_KEY];
    return {
      claim: async (session: LoggedInSession) => {
        const name = session.username;
        // Two logins of one name on this node: only the first goes on to Redis.
        if (this.claiming.has(name) || this.online.has(name)) return false;
        this.claiming.add(name);
        try {
          const args = [this.node, this.connOf(session), name, this.clock(), session.p2pPort ?? 0];
          if ((await this.link.script(CLAIM, keys(name), args)) !== 1) return false;
        } finally {
          this.claiming.delete(name);
        }
        this.remote.delete(name);
        this.online.add(session);
        return true;
      },
      release: (session, now) => {
        const name = session.username;
        this.link
          .script(RELEASE, keys(name), [this.node, this.connOf(session), name, now])
          .catch((error: unknown) => this.log(`release ${name}: ${String(error)}`));
      },
    };
  }

  private relay(): Relay {
    return {
      broadcast: async (from, text) => {
        await this.link.run((c) => c.publish(ALL_CHANNEL, `b${this.node} ${from}\n${text}`));
        let skipped = 0;
        for (const name of this.remote.keys())
          if (name !== from && this.blocks.get(name)?.has(from)) skipped++;
        return skipped;
      },
    };
  }
}
