import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import type { TestServer } from '../../tests/helpers/test-server.js';
import { recordingSession } from '../../tests/helpers/recording-session.js';
import { ChatStore } from '../store/chat-store.js';
import { FAST_SCRYPT } from '../store/password.js';
import { deliverBacklog } from './backlog.js';
import { ServerContext } from './context.js';
import { defaultServerOptions } from './options.js';

const fx = useServerFixture();
let srv: TestServer;

describe('offline backlog', () => {
  it('streams a large backlog in order, then messages sent during it, losing none', async () => {
    srv = await fx.start();
    const bob = await fx.user('bob');
    await bob.request('logout');
    await bob.closed;
    const STORED = 5000;
    srv.store.transaction(() => {
      for (let i = 0; i < STORED; i++) {
        srv.store.offlineQueue.append('bob', { id: `old${i}`, from: 'ann', text: `old ${i}`, ts: i });
      }
    });
    const ann = await fx.user('ann');

    const again = await fx.connect();
    const login = again.request('login', { username: 'bob', password: 'bob-secret' });
    // Sent while the backlog may still be streaming: must arrive after every stored message.
    const live = [];
    for (let i = 0; i < 20; i++) live.push(ann.request('message', { to: 'bob', text: `live ${i}` }));
    expect((await login).status).toBe(200);
    await Promise.all(live);

    const texts: string[] = [];
    for (let i = 0; i < STORED + 20; i++) texts.push(String((await again.push('message')).text));
    const firstLive = texts.findIndex((t) => t.startsWith('live'));
    expect(texts.slice(0, STORED)).toEqual(Array.from({ length: STORED }, (_, i) => `old ${i}`));
    expect(firstLive).toBe(STORED);
    expect(texts.slice(STORED)).toEqual(Array.from({ length: 20 }, (_, i) => `live ${i}`));
    expect(srv.store.offlineQueue.count('bob')).toBe(0);
  });

  it('keeps what the socket never took when the connection drops midway', async () => {
    const store = ChatStore.open(':memory:');
    store.transaction(() => {
      for (let i = 0; i < 2500; i++)
        store.offlineQueue.append('bob', { id: `m${i}`, from: 'ann', text: 't', ts: i });
    });
    const ctx = new ServerContext(defaultServerOptions, store, FAST_SCRYPT, Date.now, () => {});
    let flushes = 0;
    // The second page is handed over, then the connection is found gone: only the first counts.
    const bob = recordingSession('bob', { onFlush: (session) => ++flushes === 2 && session.drop() });
    expect(await deliverBacklog(ctx, bob, 'bob')).toBe(1000);
    expect(store.offlineQueue.count('bob')).toBe(1500);
    expect(store.offlineQueue.page('bob', 0, 1)[0]?.id).toBe('m1000');
    store.close();
  });
});
