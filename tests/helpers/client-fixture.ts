/**
 * Per-test server and ParleyClients for Vitest: a fresh server before each test; after it, every
 * client disconnects and the current server is stopped and its data deleted, pass or fail.
 */
import { afterEach, beforeEach } from 'vitest';
import { ParleyClient, type ParleyClientOptions } from '../../src-main/client/parley-client.js';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export const PASSWORD = 'correct horse';

export interface ClientFixture {
  /** The current test's server. */
  readonly server: TestServer;
  /** Disposes the server and starts a fresh one (new port, new data) with `options`. */
  restartWith(options: TestServerOptions): Promise<TestServer>;
  /** Stops the server (if a test has not already) and brings it back on its port over the same data. */
  restartInPlace(): Promise<TestServer>;
  /** A new client of the current server, not yet connected. */
  client(options?: Partial<ParleyClientOptions>): ParleyClient;
  /** A client on which `name` has registered (with PASSWORD) but not logged in. */
  registered(name: string, options?: Partial<ParleyClientOptions>): Promise<ParleyClient>;
  /** A client on which `name` has registered and logged in. */
  user(name: string, options?: Partial<ParleyClientOptions>): Promise<ParleyClient>;
}

export function useClientFixture(): ClientFixture {
  let current: TestServer | undefined;
  const clients: ParleyClient[] = [];
  const server = (): TestServer => {
    if (!current) throw new Error('the server starts before each test');
    return current;
  };
  beforeEach(async () => {
    current = await startTestServer();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.disconnect()));
    await current?.dispose();
    current = undefined;
  });
  const fixture: ClientFixture = {
    get server() {
      return server();
    },
    async restartWith(options) {
      await server().dispose();
      current = await startTestServer(options);
      return current;
    },
    async restartInPlace() {
      const { port, dataDir } = server();
      await server().stop();
      current = await startTestServer({ port }, dataDir);
      return current;
    },
    client(options = {}) {
      const { host, port } = server();
      const client = new ParleyClient({ host, port, ...options });
      clients.push(client);
      return client;
    },
    async registered(name, options) {
      const client = fixture.client(options);
      await client.register(name, PASSWORD);
      return client;
    },
    async user(name, options) {
      const client = await fixture.registered(name, options);
      await client.login(name, PASSWORD);
      return client;
    },
  };
  return fixture;
}
