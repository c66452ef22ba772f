/**
 * The node's two connections to Redis (commands, and pub/sub) and the one way scripts are run.
 * Fail closed: no offline queue (a command while Redis is unreachable fails at once) and a command
 * timeout, so a request that needs Redis gets `[503]` within seconds instead of waiting for it;
 * the scripts' deadline (scripts.ts) makes sure such a request is not done later either.
 */
import { createHash } from 'node:crypto';
import { createClient } from 'redis';
import { ServiceUnavailableError } from '../backend.js';

/** Commands give up after this long (the protocol's bound for a 503 is 15 s). */
export const COMMAND_TIMEOUT_MS = 4_000;
/** A script Redis gets to later than this after it was sent refuses to run (skew margin: 1 s). */
const SCRIPT_DEADLINE_MS = 3_000;

export const LATE = -9;
export const NO_EPOCH = -8;

export type RedisClient = ReturnType<typeof connectClient>;

export function connectClient(url: string, onError: (error: Error) => void) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: COMMAND_TIMEOUT_MS,
      // Keeps trying while Redis is down; requests meanwhile get 503 (no offline queue).
      reconnectStrategy: (retries) => Math.min(50 * 2 ** Math.min(retries, 5), 1_000),
    },
  });
  client.on('error', onError);
  return client;
}

export class RedisLink {
  private readonly shas = new Map<string, string>();
  /** `parley:epoch` as this node found it at start; a script that sees another refuses. */
  epoch = '';

  constructor(readonly client: RedisClient) {}

  /**
   * Runs a script (EVALSHA, loading it again after a Redis restart forgot it). Any failure to reach
   * Redis, and a script that refused as late or found the epoch gone, is a ServiceUnavailableError.
   */
  async script(source: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    const argv = [`${Date.now() + SCRIPT_DEADLINE_MS} ${this.epoch}`, ...args.map(String)];
    let sha = this.shas.get(source);
    if (sha === undefined) {
      sha = createHash('sha1').update(source).digest('hex');
      this.shas.set(source, sha);
    }
    let reply: unknown;
    try {
      try {
        reply = await this.client.evalSha(sha, { keys, arguments: argv });
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        reply = await this.client.eval(source, { keys, arguments: argv });
      }
    } catch (error) {
      throw unavailable(error);
    }
    if (reply === LATE || reply === NO_EPOCH) throw new ServiceUnavailableError();
    return reply;
  }

  /** Any other command, with the same failure mapping. */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    try {
      return await command(this.client);
    } catch (error) {
      throw unavailable(error);
    }
  }
}

function unavailable(error: unknown): Error {
  if (error instanceof ServiceUnavailableError) return error;
  // A Redis error reply (WRONGTYPE, a script bug) is ours, not an outage: the router logs it.
  if (error instanceof Error && error.constructor.name === 'ErrorReply') return error;
  return new ServiceUnavailableError();
}

/** The keys of one user: hash-tagged by the folded name so each script stays on one slot. */
export function userKey(name: string, part: string): string {
  return `{u:${name.replace(/[A-Z]+/g, (upper) => upper.toLowerCase())}}:${part}`;
}

export const USERS_KEY = 'parley:users';
export const ONLINE_KEY = 'parley:online';
export const LASTSEEN_KEY = 'parley:lastseen';
export const EPOCH_KEY = 'parley:epoch';
export const ALL_CHANNEL = 'parley:all';

export function nodeKey(node: string): string {
  return `parley:node:${node}`;
}

export function nodeChannel(node: string): string {
  return `parley:node:${node}`;
}
