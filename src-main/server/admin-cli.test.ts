/** `npm run server -- admin ...`, as the real CLI process, on a real data folder. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineClient } from '../../tests/helpers/line-client.js';
import { runNode } from '../../tests/helpers/run-node.js';
import { killAll, startServerProcess } from '../../tests/helpers/server-process.js';
import { StandardMessage } from '../../src-shared/protocol/index.js';
import { ChatStore } from '../store/chat-store.js';
import { FAST_SCRYPT, hashPassword } from '../store/password.js';

const dirs: string[] = [];
const clients: LineClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function dataFolder(users: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-admin-'));
  dirs.push(dir);
  const store = ChatStore.open(join(dir, 'parley.sqlite'));
  for (const name of users) store.users.create(name, await hashPassword(`${name}-secret`, FAST_SCRYPT), 0);
  store.close();
  return dir;
}

const admin = (dir: string, ...args: string[]) =>
  runNode(['--import', 'tsx', 'src-main/server/cli.ts', 'admin', ...args, '--data', dir]);

async function login(port: number, name: string): Promise<{ status: number; body: unknown }> {
  const client = await LineClient.connect(port);
  clients.push(client);
  return client.request('login', { username: name, password: `${name}-secret` });
}

describe('npm run server -- admin', () => {
  it('lists, locks, unlocks and removes accounts on a data folder', async () => {
    const dir = await dataFolder(['ann', 'bob']);
    const list = await admin(dir, 'list');
    expect(list.code).toBe(0);
    expect(list.output).toMatch(/^USERNAME +LOCKED UNTIL +LAST SEEN\nann +- +never\nbob +- +never\n$/);

    const lock = await admin(dir, 'lock', 'bob', '600');
    expect(lock).toEqual({ code: 0, output: 'locked bob for 600 s\n' });
    expect((await admin(dir, 'list')).output).toMatch(/\nbob +\d{4}-\d\d-\d\dT[\d:.]+Z +never\n/);

    // The lock is on disk: a server started afterwards refuses bob.
    const server = await startServerProcess(['--port', '0', '--data', dir, '--password-cost', 'fast']);
    expect(await login(server.port, 'bob')).toEqual({ status: 403, body: StandardMessage.accountLocked });
    expect((await login(server.port, 'ann')).status).toBe(200);
    await server.kill9();

    expect(await admin(dir, 'unlock', 'bob')).toEqual({ code: 0, output: 'unlocked bob\n' });
    expect(await admin(dir, 'unlock', 'bob')).toEqual({ code: 0, output: 'bob was not locked\n' });
    expect(await admin(dir, 'remove', 'bob')).toEqual({ code: 0, output: 'removed bob\n' });
    expect(await admin(dir, 'remove', 'bob')).toEqual({ code: 1, output: 'error: no such user: bob\n' });
    const after = await admin(dir, 'list');
    expect(after.output).not.toMatch(/bob/);
    expect(after.output).toMatch(/\nann +- +\d{4}-/); // ann's login above is her last seen
  });

  it('refuses with one line while a server runs on the folder', async () => {
    const dir = await dataFolder(['ann']);
    const server = await startServerProcess(['--port', '0', '--data', dir]);
    const refused = await admin(dir, 'lock', 'ann', '60');
    expect(refused.code).toBe(1);
    expect(refused.output).toBe(
      `error: a Parley server is running on ${dir}; stop it first (the app that hosts it has these commands in Settings)\n`,
    );
    expect((await login(server.port, 'ann')).status).toBe(200);
  });

  it('explains its usage for a bad command', async () => {
    const dir = await dataFolder([]);
    const bad = await admin(dir, 'frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(
      /^error: unknown admin command "frobnicate"\nusage: npm run server -- admin list/,
    );
    const noSeconds = await admin(dir, 'lock', 'ann');
    expect(noSeconds.code).toBe(2);
    expect(noSeconds.output).toMatch(/^error: admin lock takes USER SECONDS\n/);
  });
});
