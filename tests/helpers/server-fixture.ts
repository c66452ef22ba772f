/**
 * Per-test server and clients for Vitest: whatever a test starts or connects is closed and deleted
 * after it, whether it passed or not.
 */
import { afterEach } from 'vitest';
import { LineClient, loggedIn } from './line-client.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export interface ServerFixture {
  start(options?: TestServerOptions): Promise<TestServer>;
  /** Restarts the current server over the same data folder. */
  restart(): Promise<TestServer>;
  /** Registers (unless told not to) and logs in `name` on a new connection. */
  user(name: string, options?: Parameters<typeof loggedIn>[2]): Promise<LineClient>;
  /** A raw connection that has not logged in. */
  connect(): Promise<LineClient>;
  track<T extends LineClient>(client: T): T;
}

export function useServerFixture(): ServerFixture {
  let current: TestServer | undefined;
  const clients: LineClient[] = [];
  const server = (): TestServer => {
    if (!current) throw new Error('start the server first');
    return current;
  };
  const track = <T extends LineClient>(client: T): T => {
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await current?.dispose();
    current = undefined;
  });
  return {
    async start(options) {
      current = await startTestServer(options);
      return current;
    },
    async restart() {
      current = await server().restart();
      return current;
    },
    async user(name, options) {
      return track(await loggedIn(server().port, name, options));
    },
    async connect() {
      return track(await LineClient.connect(server().port));
    },
    track,
  };
}
