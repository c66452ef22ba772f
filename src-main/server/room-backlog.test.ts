import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

describe('room catch-up at login', () => {
  it('brings a member away for 100,000 items all of them, windowed, in order, then the live ones', async () => {
    let srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'big' });
    await bob.request('roomjoin', { room: 'big' });
    await bob.request('logout');
    await bob.closed;
    ann.close();
    const STORED = 100_000;
    const { rooms } = srv.store;
    const [row] = rooms.loadRooms();
    if (!row) throw new Error('no room');
    srv.store.transaction(() => {
      for (let i = 0; i < STORED; i++) {
        const seq = row.lastSeq + 1 + i;
        rooms.append({
          room: 'big',
          seq,
          type: 'message',
          id: `old${i}`,
          from: 'ann',
          ts: i,
          text: `old ${i}`,
          extra: null,
          deleted: false,
        });
      }
      rooms.putRoom({ ...row, lastSeq: row.lastSeq + STORED });
    });
    srv = await fx.restart();
    const writer = await fx.user('ann', { register: false });
    const again = await fx.user('bob', { register: false });
    const live = [];
    for (let i = 0; i < 20; i++) live.push(writer.request('message', { room: 'big', text: `live ${i}` }));
    expect((await Promise.all(live)).every((r) => r.status === 200)).toBe(true);

    let expected = 0;
    let seq = row.lastSeq;
    while (expected < STORED + 20) {
      const push = await again.push('message');
      if (push.room !== 'big') continue;
      expect(push.seq).toBe(++seq);
      expect(push.text).toBe(expected < STORED ? `old ${expected}` : `live ${expected - STORED}`);
      expect(push.offline === true).toBe(expected < STORED);
      expected++;
    }
    await again.ackAll();
    expect(again.isClosed).toBe(false);
    const members = (await again.request('roommembers', { room: 'big' })).body;
    expect(members).toMatchObject({ members: [{ user: 'ann' }, { user: 'bob' }] });
  }, 120_000);
});
