import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/protocol/index.js';
import type { LineClient } from '../../tests/helpers/line-client.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

/** The next push of `route` for `room`. */
async function roomPush(client: LineClient, route: string, room: string): Promise<JsonObject> {
  const frame = await client.next((f) => f.kind === 'route' && f.route === route && f.body.room === room);
  if (frame.kind !== 'route') throw new Error('unreachable');
  return frame.body;
}

/** A fresh server on which ann created the public room `r` and bob joined it (seq 1 and 2). */
async function roomOfAnnAndBob(
  bobOptions: Parameters<typeof fx.user>[1] = {},
  server?: Parameters<typeof fx.start>[0],
): Promise<{ ann: LineClient; bob: LineClient }> {
  await fx.start(server);
  const ann = await fx.user('ann');
  const bob = await fx.user('bob', bobOptions);
  await ann.request('roomcreate', { room: 'r' });
  await bob.request('roomjoin', { room: 'r' });
  return { ann, bob };
}

describe('roomcreate and rooms', () => {
  it('creates a room with its creator joined at seq 1, and lists public and own private rooms', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    expect(await ann.request('roomcreate', { room: 'general', topic: 'all of us' })).toEqual({
      status: 200,
      body: { room: 'general' },
    });
    expect(await roomPush(ann, 'member', 'general')).toMatchObject({
      room: 'general',
      seq: 1,
      user: 'ann',
      change: 'join',
    });
    expect((await ann.request('roomcreate', { room: 'secret', private: true })).status).toBe(200);
    expect((await ann.request('roomcreate', { room: 'general' })).status).toBe(409);
    expect((await ann.request('roomcreate', { room: 'General' })).status).toBe(400);
    expect((await ann.request('roomcreate', { room: 'x'.repeat(33) })).status).toBe(400);
    expect((await ann.request('roomcreate', { room: 'ok', topic: 't'.repeat(201) })).status).toBe(400);
    expect(await bob.request('rooms')).toEqual({
      status: 200,
      body: {
        rooms: [
          {
            room: 'general',
            private: false,
            topic: 'all of us',
            owner: 'ann',
            members: 1,
            joined: false,
            invited: false,
          },
        ],
      },
    });
    const annRooms = (await ann.request('rooms')).body as { rooms: { room: string; joined: boolean }[] };
    expect(annRooms.rooms.map((r) => [r.room, r.joined])).toEqual([
      ['general', true],
      ['secret', true],
    ]);
  });
});

describe('roomjoin, roominvite, roomleave, roomkick', () => {
  it('joins public rooms, refuses private ones without an invitation, and tells everyone', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'pub' });
    await ann.request('roomcreate', { room: 'priv', private: true });
    expect(await bob.request('roomjoin', { room: 'pub' })).toEqual({
      status: 200,
      body: { room: 'pub', seq: 2 },
    });
    expect(await roomPush(bob, 'member', 'pub')).toMatchObject({ seq: 2, user: 'bob', change: 'join' });
    expect(await roomPush(ann, 'member', 'pub')).toMatchObject({ seq: 1, user: 'ann' });
    expect(await roomPush(ann, 'member', 'pub')).toMatchObject({ seq: 2, user: 'bob', change: 'join' });
    expect((await bob.request('roomjoin', { room: 'pub' })).status).toBe(409);
    expect((await bob.request('roomjoin', { room: 'nope' })).status).toBe(404);
    expect((await bob.request('roomjoin', { room: 'priv' })).status).toBe(403);
    expect((await bob.request('roominvite', { room: 'priv', user: 'ann' })).status).toBe(403);
    expect((await ann.request('roominvite', { room: 'priv', user: 'ann' })).status).toBe(400);
    expect((await ann.request('roominvite', { room: 'priv', user: 'zed' })).status).toBe(404);
    expect((await ann.request('roominvite', { room: 'nope', user: 'bob' })).status).toBe(404);
    expect(await ann.request('roominvite', { room: 'priv', user: 'bob' })).toEqual({ status: 200, body: {} });
    expect(await bob.push('roominvited')).toEqual({ room: 'priv', by: 'ann', private: true, topic: '' });
    expect((await ann.request('roominvite', { room: 'priv', user: 'bob' })).status).toBe(409);
    expect((await ann.request('roominvite', { room: 'pub', user: 'bob' })).status).toBe(409);
    const listed = (await bob.request('rooms')).body as { rooms: JsonObject[] };
    expect(listed.rooms.find((r) => r.room === 'priv')).toMatchObject({ invited: true, joined: false });
    expect((await bob.request('roomjoin', { room: 'priv' })).status).toBe(200);
    const after = (await bob.request('rooms')).body as { rooms: JsonObject[] };
    expect(after.rooms.find((r) => r.room === 'priv')).toMatchObject({
      invited: false,
      joined: true,
      members: 2,
    });
  });

  it('refuses an invitation from someone the invitee has blocked', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    await bob.request('block', { user: 'ann' });
    expect((await ann.request('roominvite', { room: 'r', user: 'bob' })).status).toBe(403);
  });

  it('passes ownership on when the owner leaves, and the room outlives its last member', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    await ann.request('roomcreate', { room: 'r' });
    await bob.request('roomjoin', { room: 'r' });
    await cat.request('roomjoin', { room: 'r' });
    expect((await cat.request('roomleave', { room: 'nope' })).status).toBe(404);
    expect(await ann.request('roomleave', { room: 'r' })).toEqual({ status: 200, body: {} });
    expect((await ann.request('roomleave', { room: 'r' })).status).toBe(404);
    expect(await roomPush(cat, 'member', 'r')).toMatchObject({ seq: 3 }); // cat's own join
    expect(await roomPush(cat, 'member', 'r')).toMatchObject({ seq: 4, user: 'ann', change: 'leave' });
    const members = await cat.request('roommembers', { room: 'r' });
    expect(members.body).toEqual({
      members: [
        { user: 'bob', owner: true, online: true, readUpTo: 0 },
        { user: 'cat', owner: false, online: true, readUpTo: 0 },
      ],
    });
    await bob.request('roomleave', { room: 'r' });
    await cat.request('roomleave', { room: 'r' });
    const listed = (await ann.request('rooms')).body as { rooms: JsonObject[] };
    expect(listed.rooms).toEqual([
      { room: 'r', private: false, topic: '', owner: null, members: 0, joined: false, invited: false },
    ]);
    await ann.request('roomjoin', { room: 'r' });
    const again = (await ann.request('rooms')).body as { rooms: JsonObject[] };
    expect(again.rooms[0]).toMatchObject({ owner: 'ann', members: 1 });
  });

  it('kicks: owner only, not yourself, members only; the kicked one gets the kick and nothing after', async () => {
    const { ann, bob } = await roomOfAnnAndBob({ autoAck: false });
    expect((await bob.request('roomkick', { room: 'r', user: 'ann' })).status).toBe(403);
    expect((await ann.request('roomkick', { room: 'r', user: 'ann' })).status).toBe(400);
    expect((await ann.request('roomkick', { room: 'r', user: 'cat' })).status).toBe(404);
    expect((await ann.request('roomkick', { room: 'nope', user: 'bob' })).status).toBe(404);
    expect(await ann.request('roomkick', { room: 'r', user: 'bob' })).toEqual({ status: 200, body: {} });
    await ann.request('message', { room: 'r', text: 'after the kick' });
    expect(await roomPush(bob, 'member', 'r')).toMatchObject({ seq: 2, change: 'join' });
    expect(await roomPush(bob, 'member', 'r')).toMatchObject({
      seq: 3,
      user: 'bob',
      change: 'kick',
      by: 'ann',
    });
    expect((await bob.request('message', { room: 'r', text: 'hi' })).status).toBe(403);
    expect((await bob.request('history', { room: 'r' })).status).toBe(403);
    expect(bob.takePushes('message')).toEqual([]);
    expect((await bob.request('ack', { room: 'r', seq: 4 })).status).toBe(400);
    expect(await bob.request('ack', { room: 'r', seq: 3 })).toEqual({ status: 200, body: {} });
    // After the ack the room is behind the kicked member: a new login brings nothing of it.
    bob.close();
    const again = await fx.user('bob', { register: false, autoAck: false });
    await again.request('ping');
    expect(again.takePushes('member')).toEqual([]);
  });

  it('gives an offline kicked member the kick item at its next login, and nothing after', async () => {
    const { ann, bob } = await roomOfAnnAndBob();
    await roomPush(bob, 'member', 'r');
    await bob.ackAll();
    bob.close();
    await ann.request('message', { room: 'r', text: 'before' });
    await ann.request('roomkick', { room: 'r', user: 'bob' });
    await ann.request('message', { room: 'r', text: 'after' });
    const back = await fx.user('bob', { register: false, autoAck: false });
    expect(await roomPush(back, 'message', 'r')).toMatchObject({ seq: 3, text: 'before', offline: true });
    expect(await roomPush(back, 'member', 'r')).toMatchObject({ seq: 4, change: 'kick', offline: true });
    await back.request('ping');
    expect(back.takePushes('message')).toEqual([]);
  });
});

describe('room messages, topic and members', () => {
  it('sends a message to every member, the sender included, with replyTo checked', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    await ann.request('roomcreate', { room: 'r' });
    await bob.request('roomjoin', { room: 'r' });
    const sent = await ann.request('message', { room: 'r', text: 'hello room' });
    expect(sent.status).toBe(200);
    const { id, seq, ts } = sent.body as { id: string; seq: number; ts: number };
    expect(seq).toBe(3);
    const push = { room: 'r', seq, id, from: 'ann', text: 'hello room', ts };
    expect(await roomPush(ann, 'message', 'r')).toEqual(push);
    expect(await roomPush(bob, 'message', 'r')).toEqual(push);
    const reply = await bob.request('message', { room: 'r', text: 're', replyTo: id });
    expect(reply.status).toBe(200);
    expect(await roomPush(ann, 'message', 'r')).toMatchObject({ text: 're', replyTo: id, from: 'bob' });
    expect((await bob.request('message', { room: 'r', text: 're', replyTo: 'nope' })).status).toBe(404);
    expect((await cat.request('message', { room: 'r', text: 'hi' })).status).toBe(403);
    expect((await cat.request('message', { room: 'zz', text: 'hi' })).status).toBe(404);
    expect((await cat.request('message', { room: 'r', to: 'ann', text: 'hi' })).status).toBe(400);
    expect((await cat.request('message', { text: 'hi' })).status).toBe(400);
  });

  it('sets the topic (members only) and lists members (private rooms: members only)', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r', private: true });
    expect((await bob.request('roomtopic', { room: 'r', topic: 'x' })).status).toBe(403);
    expect((await bob.request('roommembers', { room: 'r' })).status).toBe(403);
    expect((await bob.request('roommembers', { room: 'zz' })).status).toBe(404);
    expect(await ann.request('roomtopic', { room: 'r', topic: 'plans' })).toEqual({ status: 200, body: {} });
    expect(await roomPush(ann, 'topic', 'r')).toMatchObject({ seq: 2, from: 'ann', topic: 'plans' });
    const listed = (await ann.request('rooms')).body as { rooms: JsonObject[] };
    expect(listed.rooms[0]).toMatchObject({ topic: 'plans' });
    await ann.request('roomcreate', { room: 'open' });
    expect((await bob.request('roommembers', { room: 'open' })).body).toEqual({
      members: [{ user: 'ann', owner: true, online: true, readUpTo: 0 }],
    });
    await ann.request('block', { user: 'bob' });
    expect((await bob.request('roommembers', { room: 'open' })).body).toEqual({
      members: [{ user: 'ann', owner: true, online: false, readUpTo: 0 }],
    });
  });

  it('shows a blocked author as a placeholder, live and in history; member items as they are', async () => {
    const { ann, bob } = await roomOfAnnAndBob();
    await ann.request('block', { user: 'bob' });
    const sent = (await bob.request('message', { room: 'r', text: 'you blocked me' })).body as JsonObject;
    await roomPush(ann, 'member', 'r');
    await roomPush(ann, 'member', 'r');
    expect(await roomPush(ann, 'message', 'r')).toEqual({
      room: 'r',
      seq: 3,
      id: sent.id,
      ts: sent.ts,
      from: 'bob',
      blocked: true,
    });
    const history = (await ann.request('history', { room: 'r' })).body as { items: JsonObject[] };
    expect(history.items).toEqual([
      expect.objectContaining({ type: 'member', seq: 1, user: 'ann' }),
      expect.objectContaining({ type: 'member', seq: 2, user: 'bob' }),
      { type: 'message', room: 'r', seq: 3, id: sent.id, ts: sent.ts, from: 'bob', blocked: true },
    ]);
  });
});

describe('bodies and member-only routes', () => {
  it('refuses bad bodies (400) and history of a public room to a non-member (403)', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    expect((await ann.request('roomtopic', { room: 'r', topic: 't'.repeat(201) })).status).toBe(400);
    expect((await ann.request('roomtopic', { room: 'r', topic: '😀'.repeat(200) })).status).toBe(200);
    expect((await ann.request('roomtopic', { room: 'r', topic: '' })).status).toBe(200);
    expect((await ann.request('roomcreate', { room: '' })).status).toBe(400);
    expect((await ann.request('roomcreate', { room: 'a b' })).status).toBe(400);
    expect((await ann.request('roomcreate', { room: 'ok_-9', private: 'yes' })).status).toBe(400);
    expect((await ann.request('roominvite', { room: 'r', user: 'bad name' })).status).toBe(400);
    expect((await ann.request('message', { room: 'r', text: '' })).status).toBe(400);
    expect((await ann.request('edit', { room: 'r', id: 'x', text: 'x'.repeat(4001) })).status).toBe(400);
    expect((await ann.request('ack', { room: 'r', seq: -1 })).status).toBe(400);
    expect((await bob.request('history', { room: 'r' })).status).toBe(403);
    expect((await bob.request('roommembers', { room: 'r' })).status).toBe(200);
  });
});

describe('room ack and catch-up', () => {
  it('catches a member up on everything after its cursor at login, offline, in order', async () => {
    const { ann, bob } = await roomOfAnnAndBob({}, { deliveryWindow: { messages: 8, bytes: 1 << 20 } });
    await roomPush(bob, 'member', 'r');
    await bob.ackAll();
    bob.close();
    const sends = [];
    for (let i = 0; i < 300; i++) sends.push(ann.request('message', { room: 'r', text: `m${i}` }));
    expect((await Promise.all(sends)).every((r) => r.status === 200)).toBe(true);
    const back = await fx.user('bob', { register: false });
    const texts: string[] = [];
    while (texts.length < 300) {
      const push = await roomPush(back, 'message', 'r');
      expect(push.offline).toBe(true);
      texts.push(String(push.text));
    }
    expect(texts).toEqual(Array.from({ length: 300 }, (_, i) => `m${i}`));
  });

  it('refuses an ack above what was sent (400), of an unknown room (404), of a non-member (403)', async () => {
    await fx.start();
    const ann = await fx.user('ann', { autoAck: false });
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    await roomPush(ann, 'member', 'r');
    expect((await ann.request('ack', { room: 'r', seq: 2 })).status).toBe(400);
    expect(await ann.request('ack', { room: 'r', seq: 1 })).toEqual({ status: 200, body: {} });
    expect((await ann.request('ack', { room: 'zz', seq: 1 })).status).toBe(404);
    expect((await bob.request('ack', { room: 'r', seq: 1 })).status).toBe(403);
  });
});

describe('room redelivery', () => {
  it('sends again at the next login what was pushed but not acknowledged, and nothing acknowledged', async () => {
    const { ann, bob } = await roomOfAnnAndBob({ autoAck: false });
    await ann.request('message', { room: 'r', text: 'one' });
    await ann.request('message', { room: 'r', text: 'two' });
    expect(await roomPush(bob, 'member', 'r')).toMatchObject({ seq: 2 });
    expect(await roomPush(bob, 'message', 'r')).toMatchObject({ seq: 3, text: 'one' });
    expect(await roomPush(bob, 'message', 'r')).toMatchObject({ seq: 4, text: 'two' });
    expect(await bob.request('ack', { room: 'r', seq: 3 })).toEqual({ status: 200, body: {} });
    bob.close();
    const again = await fx.user('bob', { register: false, autoAck: false });
    expect(await roomPush(again, 'message', 'r')).toMatchObject({ seq: 4, text: 'two', offline: true });
    expect(await again.request('ack', { room: 'r', seq: 4 })).toEqual({ status: 200, body: {} });
    again.close();
    const third = await fx.user('bob', { register: false, autoAck: false });
    await ann.request('message', { room: 'r', text: 'three' });
    expect(await roomPush(third, 'message', 'r')).toMatchObject({ seq: 5, text: 'three' });
    expect(third.takePushes('message')).toEqual([]);
  });
});

describe('history', () => {
  it('keeps a page within one 64 KiB frame, the newest items first, and pages on with more', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    await ann.request('roomcreate', { room: 'big' });
    const text = '😀'.repeat(4000); // 16 KB of UTF-8 each
    for (let i = 0; i < 10; i++) await ann.request('message', { room: 'big', text });
    const seqs: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const res = await ann.request(
        'history',
        before === undefined ? { room: 'big' } : { room: 'big', before },
      );
      const page = res.body as { items: { seq: number }[]; more: boolean };
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.length).toBeLessThan(5);
      seqs.unshift(...page.items.map((i) => i.seq));
      if (!page.more) break;
      before = page.items[0]?.seq;
    }
    expect(seqs).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
  });

  it('pages newest first, each page oldest first, with more; private rooms from the join on', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'p', private: true });
    for (let i = 0; i < 5; i++) await ann.request('message', { room: 'p', text: `m${i}` });
    await ann.request('roominvite', { room: 'p', user: 'bob' });
    expect((await bob.request('history', { room: 'p' })).status).toBe(403);
    await bob.request('roomjoin', { room: 'p' });
    await ann.request('message', { room: 'p', text: 'after' });
    const seen = (await bob.request('history', { room: 'p' })).body as { items: JsonObject[]; more: boolean };
    expect(seen.items.map((i) => i.seq)).toEqual([7, 8]);
    expect(seen.more).toBe(false);
    const page = (await ann.request('history', { room: 'p', limit: 3 })).body as {
      items: JsonObject[];
      more: boolean;
    };
    expect(page.items.map((i) => i.seq)).toEqual([6, 7, 8]);
    expect(page.more).toBe(true);
    const older = (await ann.request('history', { room: 'p', before: 6, limit: 10 })).body as {
      items: JsonObject[];
      more: boolean;
    };
    expect(older.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(older.more).toBe(false);
    expect(older.items[1]).toMatchObject({ type: 'message', text: 'm0', from: 'ann' });
    expect((await ann.request('history', { room: 'p', limit: 0 })).status).toBe(400);
    expect((await ann.request('history', { room: 'p', limit: 201 })).status).toBe(400);
    expect((await ann.request('history', { room: 'p', before: 0 })).status).toBe(400);
    expect((await ann.request('history', { room: 'zz' })).status).toBe(404);
  });
});

describe('removing an account from rooms', () => {
  it('[unregister] leaves every room, passes ownership on, and forgets invitations', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    await bob.request('roomjoin', { room: 'r' });
    await bob.request('roomcreate', { room: 'p', private: true });
    await bob.request('roominvite', { room: 'p', user: 'ann' });
    expect((await ann.request('unregister', { password: 'ann-secret' })).status).toBe(200);
    expect(await roomPush(bob, 'member', 'r')).toMatchObject({ seq: 2, user: 'bob' });
    expect(await roomPush(bob, 'member', 'r')).toMatchObject({ seq: 3, user: 'ann', change: 'leave' });
    const members = (await bob.request('roommembers', { room: 'r' })).body;
    expect(members).toEqual({ members: [{ user: 'bob', owner: true, online: true, readUpTo: 0 }] });
    expect(srv.store.rooms.loadInvites()).toEqual([]);
    expect(srv.store.rooms.loadMembers().map((m) => [m.room, m.user])).toEqual([
      ['p', 'bob'],
      ['r', 'bob'],
    ]);
    const again = await fx.user('ann');
    expect(((await again.request('rooms')).body as { rooms: JsonObject[] }).rooms).toEqual([
      { room: 'r', private: false, topic: '', owner: 'bob', members: 1, joined: false, invited: false },
    ]);
  });

  it('the store alone (no server running) drops memberships and passes ownership on', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    await bob.request('roomjoin', { room: 'r' });
    await srv.stop();
    const { ChatStore } = await import('../store/chat-store.js');
    const { join } = await import('node:path');
    const store = ChatStore.open(join(srv.dataDir, 'parley.sqlite'));
    try {
      expect(store.removeAccount('ann')).toBe(true);
      expect(store.rooms.loadRooms().map((r) => r.owner)).toEqual(['bob']);
      expect(store.rooms.loadMembers().map((m) => m.user)).toEqual(['bob']);
    } finally {
      store.close();
    }
  });
});

describe('a failed commit', () => {
  it('answers 503, and memory follows the disk: no membership, no seq, no push', async () => {
    const srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'r' });
    const rooms = srv.store.rooms;
    const append = rooms.append.bind(rooms);
    rooms.append = () => {
      throw new Error('disk full');
    };
    expect((await bob.request('roomjoin', { room: 'r' })).status).toBe(503);
    rooms.append = append;
    expect((await ann.request('message', { room: 'r', text: 'after' })).body).toMatchObject({ seq: 2 });
    expect(await roomPush(ann, 'message', 'r')).toMatchObject({ seq: 2 });
    await bob.request('ping');
    expect(bob.takePushes('message')).toEqual([]);
    expect((await ann.request('roommembers', { room: 'r' })).body).toEqual({
      members: [{ user: 'ann', owner: true, online: true, readUpTo: 0 }],
    });
  });
});
