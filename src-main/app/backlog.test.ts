/**
 * A user coming back to a big backlog: the app saves it in local history with a commit per
 * event-loop turn, not one per message (that made scenario 8 take ~20 s for 10,000 messages).
 * Commits are counted at better-sqlite3 (statements that write outside a transaction, and
 * COMMITs) on the history file only, so no path can bypass the count.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineClient, loggedIn } from '../../tests/helpers/line-client.js';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server.js';
import { FAST_SCRYPT } from '../store/password.js';
import { createAppCore } from './app-core.js';
import { callCommand } from './call-command.js';
import { accountOf, accountServer } from './account.js';
import { LocalHistory } from './history.js';
import { defaultSettings } from './settings-store.js';

const BACKLOG = 1000; // about four windows of 256
const PASSWORD = 'correct horse battery';

type Statement = Database.Statement & { database: Database.Database; source: string; reader: boolean };
const probe = new Database(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as { run: Statement['run'] };
const databaseProto = Database.prototype as { exec: Database.Database['exec'] };
probe.close();
const originalRun = statementProto.run;
const originalExec = databaseProto.exec;

/** Counts the commits made on the SQLite file `file` from now on. */
function countCommits(file: string): { readonly count: number } {
  const counter = { count: 0 };
  statementProto.run = function (this: Statement, ...params: unknown[]) {
    if (this.database.name === file) {
      if (/^\s*COMMIT/i.test(this.source)) counter.count++;
      else if (!this.reader && !this.database.inTransaction) counter.count++; // autocommit
    }
    return originalRun.apply(this, params as never);
  };
  databaseProto.exec = function (this: Database.Database, sql: string) {
    if (this.name === file && /^\s*COMMIT/i.test(sql)) counter.count++;
    return originalExec.call(this, sql);
  };
  return counter;
}

async function seed(server: TestServer): Promise<void> {
  const alice = await LineClient.connect(server.port);
  expect((await alice.request('register', { username: 'alice', password: PASSWORD })).status).toBe(200);
  alice.close();
  const bob = await loggedIn(server.port, 'bob');
  const replies: Promise<unknown>[] = [];
  for (let i = 1; i <= BACKLOG; i++) {
    replies.push(bob.next((f) => f.kind === 'response' && f.status === 200));
    bob.send('message', { to: 'alice', text: `backlog ${i}` });
  }
  await Promise.all(replies);
  bob.close();
  await server.server.deliveryCommitted();
}

let server: TestServer;
let dir: string;

beforeEach(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'parley-backlog-'));
  const hosting = { ...defaultSettings.hosting, enabled: false, port: 0 };
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...defaultSettings, hosting }));
});

afterEach(async () => {
  statementProto.run = originalRun;
  databaseProto.exec = originalExec;
  await server.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('a backlog at login', () => {
  it('is saved in order with far fewer commits than messages, and all of it acknowledged', async () => {
    await seed(server);
    expect(server.store.inbox.count('alice')).toBe(BACKLOG);
    const file = join(dir, 'history.sqlite');
    const history = new LocalHistory(file);
    const core = await createAppCore({ profileDir: dir, passwordParams: FAST_SCRYPT, history });
    try {
      let shown = 0;
      const allShown = new Promise<void>((resolve) =>
        core.on('message', () => {
          if (++shown === BACKLOG) resolve();
        }),
      );
      const connected = await callCommand(core.handlers, 'connect', {
        mode: 'remote',
        host: server.host,
        port: server.port,
      });
      expect(connected.ok).toBe(true);
      const commits = countCommits(file);
      const login = await callCommand(core.handlers, 'login', { username: 'alice', password: PASSWORD });
      expect(login.ok).toBe(true);
      await allShown;

      const account = accountOf(
        accountServer({ mode: 'remote', host: server.host, port: server.port }),
        'alice',
      );
      const saved = history.allMessages(account, 'direct:bob').map((m) => m.text);
      expect(saved).toEqual(Array.from({ length: BACKLOG }, (_, i) => `backlog ${i + 1}`));
      // One commit per turn: a turn takes what the socket holds (up to a window), so one commit
      // per message (or two, with the unread count) would be over a thousand.
      expect(commits.count).toBeLessThan(BACKLOG / 10);
    } finally {
      await core.close(); // logs out after the last ack
    }
    await server.server.deliveryCommitted();
    expect(server.store.inbox.count('alice')).toBe(0);
  });
});
