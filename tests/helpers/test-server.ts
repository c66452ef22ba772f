/** Starts a real ChatServer on 127.0.0.1, port 0, over a fresh SQLite file in a temp folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatServer } from '../../src-main/server/chat-server.js';
import type { ServerOverrides } from '../../src-main/server/options.js';
import { ChatStore } from '../../src-main/store/chat-store.js';
import { FAST_SCRYPT } from '../../src-main/store/password.js';
import { clusterSize, startClusterTestServer } from './cluster-test-server.js';

export type TestServerOptions = ServerOverrides & { readonly clock?: () => number };

export interface TestServer {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly server: ChatServer;
  readonly store: ChatStore;
  /** Graceful stop: everyone gets `[bye] {"reason":"shutdown"}`. */
  stop(): Promise<void>;
  /** Stops, then starts a new server over the same data folder (on a new port). */
  restart(): Promise<TestServer>;
  /** Stops and deletes the data folder. */
  dispose(): Promise<void>;
}

export async function startTestServer(
  options: TestServerOptions = {},
  dataDir?: string,
): Promise<TestServer> {
  const cluster = clusterSize();
  if (cluster > 0 && dataDir === undefined) return startClusterTestServer(options, cluster);
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const store = ChatStore.open(join(dir, 'parley.sqlite'));
  const { clock, limits, ...rest } = options;
  const server = new ChatServer({
    store,
    passwordParams: FAST_SCRYPT,
    options: {
      host: '127.0.0.1',
      port: 0,
      // Immediate presence, so a test can assert that a push did not come.
      presenceBatchMs: 0,
      ...rest,
      limits: {
        requestsPerSecond: 0,
        failedLoginsPerMinute: 0,
        registrationsPerMinute: 0,
        invitesPerMinute: 0,
        historyPerMinute: 0,
        ...limits,
      },
    },
    ...(clock ? { clock } : {}),
  });
  const { host, port } = await server.start();
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= server.stop().then(() => store.close());
    return stopped;
  };
  return {
    host,
    port,
    dataDir: dir,
    server,
    store,
    stop,
    async restart() {
      await stop();
      return startTestServer(options, dir);
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
