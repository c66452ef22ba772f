import { describe, expect, it } from 'vitest';
import { parseServerArgs } from './cli-options.js';
import { defaultLimits } from './options.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

describe('room abuse limits', () => {
  it("refuses a room past the creator's allowance with 403", async () => {
    await fx.start({ limits: { roomsPerUser: 2 } });
    const ann = await fx.user('ann');
    expect((await ann.request('roomcreate', { room: 'a' })).status).toBe(200);
    expect((await ann.request('roomcreate', { room: 'b' })).status).toBe(200);
    expect(await ann.request('roomcreate', { room: 'c' })).toEqual({
      status: 403,
      body: 'you may create at most 2 rooms',
    });
    const bob = await fx.user('bob');
    expect((await bob.request('roomcreate', { room: 'c' })).status).toBe(200);
  });

  it('refuses a join past the members allowance with 403', async () => {
    await fx.start({ limits: { membersPerRoom: 2 } });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    await ann.request('roomcreate', { room: 'r' });
    expect((await bob.request('roomjoin', { room: 'r' })).status).toBe(200);
    expect(await cat.request('roomjoin', { room: 'r' })).toEqual({
      status: 403,
      body: 'this room is full (2 members)',
    });
    await bob.request('roomleave', { room: 'r' });
    expect((await cat.request('roomjoin', { room: 'r' })).status).toBe(200);
  });

  it('refuses invitations past the per-minute allowance with 429, and lets them through a minute on', async () => {
    let now = 1_000_000_000;
    await fx.start({ limits: { invitesPerMinute: 2 }, clock: () => now });
    const ann = await fx.user('ann');
    for (const name of ['bob', 'cat', 'dan']) await fx.user(name);
    await ann.request('roomcreate', { room: 'r', private: true });
    expect((await ann.request('roominvite', { room: 'r', user: 'bob' })).status).toBe(200);
    expect((await ann.request('roominvite', { room: 'r', user: 'cat' })).status).toBe(200);
    expect((await ann.request('roominvite', { room: 'r', user: 'dan' })).status).toBe(429);
    now += 60_001;
    expect((await ann.request('roominvite', { room: 'r', user: 'dan' })).status).toBe(200);
  });

  it('refuses history requests past the per-minute allowance with 429', async () => {
    let now = 1_000_000_000;
    await fx.start({ limits: { historyPerMinute: 2 }, clock: () => now });
    const ann = await fx.user('ann');
    await ann.request('roomcreate', { room: 'r' });
    expect((await ann.request('history', { room: 'r' })).status).toBe(200);
    expect((await ann.request('history', { room: 'r' })).status).toBe(200);
    expect((await ann.request('history', { room: 'r' })).status).toBe(429);
    now += 60_001;
    expect((await ann.request('history', { room: 'r' })).status).toBe(200);
  });

  it('takes each limit from its flag, with its default', () => {
    const flags = parseServerArgs([
      '--rooms-per-user',
      '3',
      '--members-per-room',
      '4',
      '--invites-per-minute',
      '5',
      '--history-per-minute',
      '6',
    ]).server.limits;
    expect(flags).toMatchObject({
      roomsPerUser: 3,
      membersPerRoom: 4,
      invitesPerMinute: 5,
      historyPerMinute: 6,
    });
    const defaults = parseServerArgs([]).server.limits;
    expect(defaults).toMatchObject({
      roomsPerUser: defaultLimits.roomsPerUser,
      membersPerRoom: defaultLimits.membersPerRoom,
      invitesPerMinute: defaultLimits.invitesPerMinute,
      historyPerMinute: defaultLimits.historyPerMinute,
    });
    expect(() => parseServerArgs(['--members-per-room', '0'])).toThrow(/between 1 and/);
  });
});
