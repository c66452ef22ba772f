/**
 * `PARLEY_TEST_CLUSTER=N` (N ≥ 1): the test server fixtures start redis-server and N Parley nodes
 * on it as processes instead of an in-process ChatServer, and every read of `port` names a node
 * picked at random, so that each client of a conformance test lands on a random node:
 * `PARLEY_TEST_CLUSTER=3 npx vitest run src-main/client/parley-client.test.ts`. Tests that reach
 * into the server object or its SQLite store (`server`, `store`) or set a clock cannot run so, and
 * say so when they try; a test that compares two reads of `port` fails by construction.
 */
import type { ChatServer } from '../../src-main/server/chat-server.js';
import type { ChatStore } from '../../src-main/store/chat-store.js';
import { startRedis } from './redis-server.js';
import { startNodes } from './server-nodes.js';
import type { TestServer, TestServerOptions } from './test-server.js';

export function clusterSize(): number {
  const value = Number(process.env['PARLEY_TEST_CLUSTER'] ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The CLI flags that carry a test's server options (the rest have no flag and are refused). */
function flagsOf(options: TestServerOptions): string[] {
  const { limits, blockDurationMs, inactivityTimeoutMs, clock, ...rest } = options;
  if (clock !== undefined) throw new Error('PARLEY_TEST_CLUSTER: a test clock cannot reach node processes');
  const flags: string[] = [];
  if (blockDurationMs !== undefined)
    flags.push('--block-duration', String(Math.max(1, Math.round(blockDurationMs / 1000))));
  if (inactivityTimeoutMs !== undefined)
    flags.push('--timeout', String(Math.round(inactivityTimeoutMs / 1000)));
  const named: Record<string, string> = {
    requestsPerSecond: '--rate-limit',
    failedLoginsPerMinute: '--login-failures-per-minute',
    registrationsPerMinute: '--registrations-per-minute',
    invitesPerMinute: '--invites-per-minute',
    historyPerMinute: '--history-per-minute',
    maxConnections: '--max-connections',
    maxConnectionsPerAddress: '--max-per-address',
    roomsPerUser: '--rooms-per-user',
    membersPerRoom: '--members-per-room',
  };
  for (const [key, value] of Object.entries(limits ?? {})) {
    const flag = named[key];
    if (flag === undefined) throw new Error(`PARLEY_TEST_CLUSTER: limit ${key} has no CLI flag`);
    flags.push(flag, String(value));
  }
  const unknown = Object.keys(rest).filter(
    (key) => key !== 'host' && key !== 'port' && key !== 'presenceBatchMs',
  );
  if (unknown.length > 0) throw new Error(`PARLEY_TEST_CLUSTER: no CLI flag for ${unknown.join(', ')}`);
  return flags;
}

export async function startClusterTestServer(options: TestServerOptions, count: number): Promise<TestServer> {
  const redis = await startRedis();
  const flags = flagsOf(options);
  const nodes = await startNodes(redis.url, count, { flags });
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= Promise.all(nodes.map((n) => n.terminate())).then(() => undefined);
    return stopped;
  };
  const unavailable = (what: string): never => {
    throw new Error(
      `PARLEY_TEST_CLUSTER: the test reads the server's ${what}, which lives in other processes`,
    );
  };
  const server: TestServer = {
    host: '127.0.0.1',
    get port() {
      return (nodes[Math.floor(Math.random() * nodes.length)] ?? nodes[0]!).port;
    },
    dataDir: redis.dir,
    get server(): ChatServer {
      return unavailable('ChatServer');
    },
    get store(): ChatStore {
      return unavailable('store');
    },
    stop,
    async restart() {
      await stop();
      stopped = undefined;
      await Promise.all(nodes.map((n) => n.restart()));
      return server;
    },
    async dispose() {
      await stop();
      await Promise.all(nodes.map((n) => n.dispose()));
      await redis.dispose();
    },
  };
  return server;
}
