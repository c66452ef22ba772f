/** Presence in the session: it asks for 1.2 batches and hands each change on as one event, in order. */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { ServerSession } from './server-session.js';

const fx = useServerFixture();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function session(port: number): ServerSession {
  const s = new ServerSession({ host: '127.0.0.1', port });
  cleanups.push(() => void s.close());
  return s;
}

describe('ServerSession presence', () => {
  it('asks for batches at login and emits one presence event per change of a batch, in order', async () => {
    // A scripted server: the thing under test is the client's side of the exchange.
    const lines: string[] = [];
    const server = createServer((socket: Socket) => {
      socket.setEncoding('utf8');
      socket.on('data', (text: string) => {
        lines.push(...text.split('\n').filter((line) => line !== ''));
        socket.write(
          '[200] {"username":"ann"}\n' +
            '[presence] {"users":[{"user":"bob","online":true},{"user":"cat","online":false}]}\n' +
            '[presence] {"user":"dan","online":true}\n',
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    cleanups.push(() => server.close());
    const ann = session((server.address() as AddressInfo).port);
    await ann.connect();
    const seen: unknown[] = [];
    ann.on('presence', (change) => seen.push(change));
    const third = nextEvent(ann, 'presence', (change) => change.user === 'dan');
    await ann.login('ann', 'ann-secret');
    await third;
    expect(JSON.parse((lines[0] ?? '').replace(/^\[login\] /, ''))).toMatchObject({ presenceBatch: true });
    expect(seen).toEqual([
      { user: 'bob', online: true },
      { user: 'cat', online: false },
      { user: 'dan', online: true },
    ]);
  });

  it('sees others come and go through a real server', async () => {
    const { port } = await fx.start({ presenceBatchMs: 200 });
    const ann = session(port);
    await ann.connect();
    await ann.register('ann', 'ann-secret');
    await ann.login('ann', 'ann-secret');
    const seen: unknown[] = [];
    ann.on('presence', (change) => seen.push(change));
    const gone = nextEvent(ann, 'presence', (change) => change.user === 'bob' && !change.online);
    const bob = session(port);
    await bob.connect();
    await bob.register('bob', 'bob-secret');
    await bob.login('bob', 'bob-secret');
    void bob.close();
    await gone;
    // Both changes may fall in one window, where the last state wins.
    expect(seen.at(-1)).toEqual({ user: 'bob', online: false });
    expect(seen.length).toBeLessThanOrEqual(2);
  });
});
