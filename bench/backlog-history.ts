/**
 * How fast a backlog of offline direct messages reaches local history at login (the first part of
 * scenario 8, without a browser). A real server on port 0 stores N messages for alice; then alice
 * logs in with one of:
 *   app        createAppCore in a temp profile, in process (what the Electron shell runs)
 *   app-ws     the same behind browser mode's WebSocket server, a `ws` page socket counting events
 *   client     a bare ParleyClient with a `message` listener (no history)
 * Timed: login until alice's history holds N messages (app modes) or N events arrived (client),
 * and until the server's inbox for her is empty (everything acknowledged).
 *   npx tsx bench/backlog-history.ts [app|app-ws|client] [N]
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createWebSocketApi } from '../src-shared/api/ws-bridge.js';
import { createAppCore } from '../src-main/app/app-core.js';
import { callCommand } from '../src-main/app/call-command.js';
import { defaultSettings } from '../src-main/app/settings-store.js';
import { ParleyClient } from '../src-main/client/parley-client.js';
import { FAST_SCRYPT } from '../src-main/store/password.js';
import { startWebServer } from '../src-main/web/web-server.js';
import { LineClient, loggedIn } from '../tests/helpers/line-client.js';
import { startTestServer, type TestServer } from '../tests/helpers/test-server.js';

const mode = process.argv[2] ?? 'app';
const count = Number(process.argv[3] ?? 10_000);
const PASSWORD = 'correct horse battery';

async function seed(server: TestServer): Promise<void> {
  const alice = await LineClient.connect(server.port);
  await alice.request('register', { username: 'alice', password: PASSWORD });
  alice.close();
  const bob = await loggedIn(server.port, 'bob');
  for (let first = 1; first <= count; first += 500) {
    const replies: Promise<unknown>[] = [];
    for (let i = first; i < first + 500 && i <= count; i++) {
      replies.push(bob.next((f) => f.kind === 'response'));
      bob.send('message', { to: 'alice', text: `seed-${i} lorem ipsum dolor sit amet consectetur` });
    }
    await Promise.all(replies);
  }
  bob.close();
  await server.server.deliveryCommitted();
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

async function main(): Promise<void> {
  const server = await startTestServer();
  const dirs: string[] = [];
  try {
    await seed(server);
    if (server.store.inbox.count('alice') !== count) throw new Error('seed incomplete');
    const inboxEmpty = (): boolean => server.store.inbox.count('alice') === 0;
    let saved = 0;
    let received = 0;
    const cleanups: (() => Promise<void> | void)[] = [];
    let t0 = 0;
    if (mode === 'client') {
      const client = new ParleyClient({ host: server.host, port: server.port, reconnect: false });
      client.on('message', () => void received++);
      await client.connect();
      t0 = performance.now();
      await client.login('alice', PASSWORD);
      cleanups.push(() => client.disconnect());
      await until(() => received >= count);
      saved = received;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'parley-bench-profile-'));
      dirs.push(dir);
      const hosting = { ...defaultSettings.hosting, enabled: false, port: 0 };
      writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings, hosting }));
      const core = await createAppCore({ profileDir: dir, passwordParams: FAST_SCRYPT });
      cleanups.push(() => core.close());
      let call: (name: 'connect' | 'login', input: unknown) => Promise<unknown>;
      if (mode === 'app-ws') {
        const web = await startWebServer({ core, port: 0, rendererDir: join(dir, 'none') });
        const socket = new WebSocket(web.apiUrl, { origin: web.origin });
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        socket.on('message', () => void received++);
        const api = createWebSocketApi(web.apiUrl, socket);
        cleanups.unshift(async () => {
          socket.close();
          await web.close();
        });
        call = (name, input) => (api[name] as (i: unknown) => Promise<unknown>)(input);
      } else {
        core.onAny(() => void received++);
        call = (name, input) => callCommand(core.handlers, name, input);
      }
      await call('connect', { mode: 'remote', host: server.host, port: server.port });
      const reader = new Database(join(dir, 'history.sqlite'), { readonly: true });
      const countRows = reader.prepare(`SELECT count(*) AS n FROM messages WHERE direction = 'in'`);
      cleanups.push(() => void reader.close());
      t0 = performance.now();
      await call('login', { username: 'alice', password: PASSWORD });
      await until(() => {
        saved = (countRows.get() as { n: number }).n;
        return saved >= count;
      });
    }
    const allSaved = performance.now() - t0;
    await until(inboxEmpty);
    const allAcked = performance.now() - t0;
    console.log(
      `${mode} N=${count}: all saved ${(allSaved / 1000).toFixed(2)} s (${Math.round(
        count / (allSaved / 1000),
      )} msg/s), inbox empty ${(allAcked / 1000).toFixed(2)} s, events seen ${received}`,
    );
    for (const cleanup of cleanups) await cleanup();
  } finally {
    await server.dispose();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
