/** The client against a real server process that is killed with SIGKILL and started again. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/model.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { killAll, startServerProcess } from '../../tests/helpers/server-process.js';
import { ParleyClient } from './parley-client.js';

const PASSWORD = 'correct horse';
const clients: ParleyClient[] = [];
const dirs: string[] = [];

function serverArgs(dataDir: string, port: number): string[] {
  return ['--port', String(port), '--data', dataDir, '--password-cost', 'fast', '--rate-limit', '0'];
}

async function user(
  name: string,
  port: number,
  acceptIncoming?: (message: ChatMessage) => Promise<boolean>,
): Promise<ParleyClient> {
  const client = new ParleyClient({
    host: '127.0.0.1',
    port,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    ...(acceptIncoming ? { acceptIncoming } : {}),
  });
  clients.push(client);
  await client.register(name, PASSWORD);
  await client.login(name, PASSWORD);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('a killed server', () => {
  it('is logged into again by itself, and a message held during the kill is seen exactly once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-kill-'));
    dirs.push(dataDir);
    const first = await startServerProcess(serverArgs(dataDir, 0));
    const alice = await user('alice', first.port);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (entered = resolve));
    const bob = await user('bob', first.port, async (message) => {
      if (message.text === 'once') {
        entered();
        await gate;
      }
      return true;
    });
    const texts: string[] = [];
    bob.on('message', ({ message }) => {
      if (message.direction === 'in') texts.push(message.text);
    });

    // The 200 means the message is safe; bob holds it unacknowledged when the server dies.
    expect((await alice.sendMessage('bob', 'once')).state).toBe('delivered');
    await holding;
    const bobLost = nextEvent(bob, 'disconnected');
    const bobBack = nextEvent(bob, 'reconnected');
    const aliceBack = nextEvent(alice, 'reconnected');
    await first.kill9();
    expect((await bobLost).reason).toBe('lost');
    await startServerProcess(serverArgs(dataDir, first.port));
    await Promise.all([bobBack, aliceBack]);
    release();

    const marker = nextEvent(bob, 'message', (e) => e.message.text === 'marker');
    await alice.sendMessage('bob', 'marker');
    await marker;
    expect(texts).toEqual(['once', 'marker']);

    // The redelivery after the kill was acknowledged: a next login finds nothing stored.
    await bob.logout();
    const fresh = new ParleyClient({ host: '127.0.0.1', port: first.port, reconnect: false });
    clients.push(fresh);
    const later: string[] = [];
    fresh.on('message', ({ message }) => later.push(message.text));
    await fresh.login('bob', PASSWORD);
    const last = nextEvent(fresh, 'message', (e) => e.message.text === 'last');
    await alice.sendMessage('bob', 'last');
    await last;
    expect(later).toEqual(['last']);
  });
});
