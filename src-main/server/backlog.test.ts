import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import type { TestServer } from '../../tests/helpers/test-server.js';

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
        srv.store.inbox.put('bob', { seq: i + 1, id: `old${i}`, from: 'ann', text: `old ${i}`, ts: i });
      }
    });
    srv.store.inbox.reserveSeqUpTo('bob', STORED);
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
    await again.ackAll();
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('bob')).toBe(0);
  });
});
