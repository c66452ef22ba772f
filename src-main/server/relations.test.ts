import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/protocol/index.js';
import type { LineClient } from '../../tests/helpers/line-client.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

async function roomPush(client: LineClient, route: string, room: string): Promise<JsonObject> {
  const frame = await client.next((f) => f.kind === 'route' && f.route === route && f.body.room === room);
  if (frame.kind !== 'route') throw new Error('unreachable');
  return frame.body;
}

/** A direct-stream push (no `room`) of `route`. */
async function directPush(client: LineClient, route: string): Promise<JsonObject> {
  const frame = await client.next(
    (f) => f.kind === 'route' && f.route === route && f.body.room === undefined,
  );
  if (frame.kind !== 'route') throw new Error('unreachable');
  return frame.body;
}

async function roomOfTwo(clock?: () => number): Promise<{ ann: LineClient; bob: LineClient }> {
  await fx.start(clock ? { clock } : {});
  const ann = await fx.user('ann');
  const bob = await fx.user('bob');
  await ann.request('roomcreate', { room: 'r' });
  await bob.request('roomjoin', { room: 'r' });
  return { ann, bob };
}

describe('room relations', () => {
  it('edits: the author only; history keeps the original beside the edit', async () => {
    const { ann, bob } = await roomOfTwo();
    const { id } = (await ann.request('message', { room: 'r', text: 'helo' })).body as { id: string };
    expect((await bob.request('edit', { room: 'r', id, text: 'x' })).status).toBe(403);
    expect((await ann.request('edit', { room: 'r', id: 'nope', text: 'x' })).status).toBe(404);
    expect((await ann.request('edit', { room: 'zz', id, text: 'x' })).status).toBe(404);
    const edited = await ann.request('edit', { room: 'r', id, text: 'hello' });
    expect(edited.status).toBe(200);
    const { ts } = edited.body as { ts: number };
    expect(await roomPush(bob, 'edit', 'r')).toEqual({
      room: 'r',
      seq: 4,
      id,
      from: 'ann',
      text: 'hello',
      ts,
    });
    const history = (await bob.request('history', { room: 'r' })).body as { items: JsonObject[] };
    expect(history.items.slice(-2)).toEqual([
      expect.objectContaining({ type: 'message', id, text: 'helo' }),
      { type: 'edit', room: 'r', seq: 4, id, from: 'ann', text: 'hello', ts },
    ]);
  });

  it('deletes: the author or the owner; a tombstone in history, edits lose their text, then 404', async () => {
    const { ann, bob } = await roomOfTwo();
    const { id } = (await bob.request('message', { room: 'r', text: 'oops' })).body as { id: string };
    await bob.request('edit', { room: 'r', id, text: 'oops!' });
    const other = (await ann.request('message', { room: 'r', text: 'mine' })).body as { id: string };
    expect((await bob.request('delete', { room: 'r', id: other.id })).status).toBe(403);
    expect(await ann.request('delete', { room: 'r', id })).toEqual({ status: 200, body: {} });
    expect(await roomPush(bob, 'delete', 'r')).toMatchObject({ room: 'r', id, from: 'ann' });
    const history = (await bob.request('history', { room: 'r' })).body as { items: JsonObject[] };
    const [message, edit] = history.items.filter((item) => item.id === id);
    expect(message).toEqual({
      type: 'message',
      room: 'r',
      seq: 3,
      id,
      from: 'bob',
      ts: message?.ts,
      deleted: true,
    });
    expect(edit).toMatchObject({ type: 'edit', deleted: true });
    expect(edit).not.toHaveProperty('text');
    expect((await bob.request('edit', { room: 'r', id, text: 'x' })).status).toBe(404);
    expect((await bob.request('react', { room: 'r', id, emoji: '👍', on: true })).status).toBe(404);
    expect((await ann.request('delete', { room: 'r', id })).status).toBe(404);
  });

  it('a member who was away gets a deleted message as its tombstone, never its text', async () => {
    const { ann, bob } = await roomOfTwo();
    await roomPush(bob, 'member', 'r');
    await bob.ackAll();
    bob.close();
    const { id } = (await ann.request('message', { room: 'r', text: 'secret' })).body as { id: string };
    await ann.request('delete', { room: 'r', id });
    const back = await fx.user('bob', { register: false });
    expect(await roomPush(back, 'message', 'r')).toMatchObject({ id, deleted: true, offline: true });
    expect(await roomPush(back, 'delete', 'r')).toMatchObject({ id });
  });

  it('reacts once per user, emoji and message: a repeat or an unknown take-back is 200 with no item', async () => {
    const { ann, bob } = await roomOfTwo();
    const { id } = (await ann.request('message', { room: 'r', text: 'vote' })).body as { id: string };
    expect(await bob.request('react', { room: 'r', id, emoji: '👍', on: true })).toEqual({
      status: 200,
      body: {},
    });
    expect(await bob.request('react', { room: 'r', id, emoji: '👍', on: true })).toEqual({
      status: 200,
      body: {},
    });
    expect(await bob.request('react', { room: 'r', id, emoji: '🎉', on: false })).toEqual({
      status: 200,
      body: {},
    });
    expect(await bob.request('react', { room: 'r', id, emoji: '👍', on: false })).toEqual({
      status: 200,
      body: {},
    });
    expect((await bob.request('react', { room: 'r', id, emoji: '', on: true })).status).toBe(400);
    expect((await bob.request('react', { room: 'r', id, emoji: 'x'.repeat(17), on: true })).status).toBe(400);
    await ann.request('ping');
    const reactions = ann.takePushes('reaction');
    expect(reactions.map((r) => [r.from, r.emoji, r.on])).toEqual([
      ['bob', '👍', true],
      ['bob', '👍', false],
    ]);
  });

  it('keeps readUpTo growing only, refuses one above the latest seq, tells the others live', async () => {
    const { ann, bob } = await roomOfTwo();
    expect(await bob.request('read', { room: 'r', upTo: 2 })).toEqual({ status: 200, body: {} });
    expect(await roomPush(ann, 'read', 'r')).toEqual({ room: 'r', from: 'bob', upTo: 2 });
    expect(await bob.request('read', { room: 'r', upTo: 1 })).toEqual({ status: 200, body: {} });
    expect((await bob.request('read', { room: 'r', upTo: 3 })).status).toBe(400);
    expect((await bob.request('read', { room: 'r', upTo: 'x' })).status).toBe(400);
    const members = (await ann.request('roommembers', { room: 'r' })).body as { members: JsonObject[] };
    expect(members.members.find((m) => m.user === 'bob')).toMatchObject({ readUpTo: 2 });
    await ann.request('ping');
    expect(ann.takePushes('read')).toEqual([]);
  });

  it('forwards typing to the room at most once a second per sender, and always the false', async () => {
    let now = 1_000_000_000;
    const { ann, bob } = await roomOfTwo(() => now);
    const cat = await fx.user('cat');
    expect(await bob.request('typing', { room: 'r', active: true })).toEqual({ status: 200, body: {} });
    now += 999;
    expect(await bob.request('typing', { room: 'r', active: true })).toEqual({ status: 200, body: {} });
    now += 1;
    expect(await bob.request('typing', { room: 'r', active: true })).toEqual({ status: 200, body: {} });
    expect(await bob.request('typing', { room: 'r', active: false })).toEqual({ status: 200, body: {} });
    expect((await cat.request('typing', { room: 'r', active: true })).status).toBe(403);
    await ann.request('ping');
    expect(ann.takePushes('typing')).toEqual([
      { from: 'bob', room: 'r', active: true },
      { from: 'bob', room: 'r', active: true },
      { from: 'bob', room: 'r', active: false },
    ]);
    expect(bob.takePushes('typing')).toEqual([]);
  });
});

describe('direct relations', () => {
  it('carries replies, edits, reactions and reads in the direct stream, with seqs, acked', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const sent = (await ann.request('message', { to: 'bob', text: 'hi' })).body as { id: string };
    expect(await directPush(bob, 'message')).toMatchObject({ seq: 1, id: sent.id });
    await bob.request('message', { to: 'ann', text: 'hey', replyTo: sent.id });
    expect(await directPush(ann, 'message')).toMatchObject({ seq: 1, text: 'hey', replyTo: sent.id });
    const edited = await ann.request('edit', { to: 'bob', id: sent.id, text: 'hi!' });
    expect(edited.status).toBe(200);
    expect(await directPush(bob, 'edit')).toEqual({
      seq: 2,
      id: sent.id,
      from: 'ann',
      text: 'hi!',
      ts: (edited.body as { ts: number }).ts,
    });
    expect(await bob.request('react', { to: 'ann', id: sent.id, emoji: '❤️', on: true })).toEqual({
      status: 200,
      body: {},
    });
    expect(await bob.request('react', { to: 'ann', id: sent.id, emoji: '❤️', on: true })).toEqual({
      status: 200,
      body: {},
    });
    expect(await directPush(ann, 'reaction')).toMatchObject({
      seq: 2,
      id: sent.id,
      from: 'bob',
      emoji: '❤️',
      on: true,
    });
    expect(await bob.request('read', { to: 'ann', upTo: sent.id })).toEqual({ status: 200, body: {} });
    expect(await directPush(ann, 'read')).toMatchObject({ seq: 3, from: 'bob', upTo: sent.id });
    await ann.ackAll();
    await bob.ackAll();
    expect(ann.ackStatuses.every((s) => s === 200)).toBe(true);
    expect(ann.takePushes('reaction')).toEqual([]);
  });

  it('stores relations for an offline recipient and sends them at login, in seq order', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const sent = (await ann.request('message', { to: 'bob', text: 'hi' })).body as { id: string };
    await directPush(bob, 'message');
    await bob.ackAll();
    await ann.request('logout');
    await bob.request('read', { to: 'ann', upTo: sent.id });
    const back = await fx.user('ann', { register: false });
    expect(await directPush(back, 'read')).toMatchObject({
      seq: 1,
      from: 'bob',
      upTo: sent.id,
      offline: true,
    });
  });

  it('drops a stored, unacknowledged message deleted before delivery: the recipient gets only the delete', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await bob.request('logout');
    const sent = (await ann.request('message', { to: 'bob', text: 'regret' })).body as { id: string };
    await ann.request('edit', { to: 'bob', id: sent.id, text: 'regret!' });
    await ann.request('react', { to: 'bob', id: sent.id, emoji: '🙈', on: true });
    await ann.request('message', { to: 'bob', text: 'keep' });
    expect(await ann.request('delete', { to: 'bob', id: sent.id })).toEqual({ status: 200, body: {} });
    const back = await fx.user('bob', { register: false });
    const deleted = await directPush(back, 'delete');
    expect(deleted).toMatchObject({ id: sent.id, from: 'ann', offline: true });
    const messages = back.takePushes('message');
    expect(messages.map((m) => m.text)).toEqual(['keep']);
    expect(back.takePushes('edit')).toEqual([]);
    expect(back.takePushes('reaction')).toEqual([]);
  });

  it('refuses relations, reads and typing where a message would be refused', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await bob.request('block', { user: 'ann' });
    for (const [route, body] of [
      ['edit', { to: 'bob', id: 'x', text: 'y' }],
      ['delete', { to: 'bob', id: 'x' }],
      ['react', { to: 'bob', id: 'x', emoji: '👍', on: true }],
      ['read', { to: 'bob', upTo: 'x' }],
      ['typing', { to: 'bob', active: true }],
    ] as const) {
      expect((await ann.request(route, body)).status).toBe(403);
      expect((await ann.request(route, { ...body, to: 'zed' })).status).toBe(404);
      expect((await ann.request(route, { ...body, to: 'ann' })).status).toBe(400);
      expect((await ann.request(route, { ...body, room: 'r' })).status).toBe(400);
    }
  });

  it('forwards direct typing once a second, always the false, and nowhere for an offline user', async () => {
    await fx.start({ clock: () => 1_000_000_000 });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await fx.user('cat').then((cat) => cat.request('logout'));
    expect(await ann.request('typing', { to: 'bob', active: true })).toEqual({ status: 200, body: {} });
    expect(await ann.request('typing', { to: 'bob', active: true })).toEqual({ status: 200, body: {} });
    expect(await ann.request('typing', { to: 'bob', active: false })).toEqual({ status: 200, body: {} });
    expect(await ann.request('typing', { to: 'cat', active: true })).toEqual({ status: 200, body: {} });
    await bob.request('ping');
    expect(bob.takePushes('typing')).toEqual([
      { from: 'ann', active: true },
      { from: 'ann', active: false },
    ]);
  });
});

describe('every room route', () => {
  const roomRequests: [string, JsonObject][] = [
    ['roomjoin', { room: 'zz' }],
    ['roominvite', { room: 'zz', user: 'bob' }],
    ['roomleave', { room: 'zz' }],
    ['roomkick', { room: 'zz', user: 'bob' }],
    ['roomtopic', { room: 'zz', topic: 't' }],
    ['roommembers', { room: 'zz' }],
    ['history', { room: 'zz' }],
    ['message', { room: 'zz', text: 'hi' }],
    ['edit', { room: 'zz', id: 'x', text: 'hi' }],
    ['delete', { room: 'zz', id: 'x' }],
    ['react', { room: 'zz', id: 'x', emoji: '👍', on: true }],
    ['read', { room: 'zz', upTo: 1 }],
    ['typing', { room: 'zz', active: true }],
    ['ack', { room: 'zz', seq: 1 }],
  ];

  it('answers 404 for an unknown room, and 403 to a non-member for messages, relations, typing and read', async () => {
    const { ann } = await roomOfTwo();
    const cat = await fx.user('cat');
    for (const [route, body] of roomRequests) {
      expect([route, (await cat.request(route, body)).status]).toEqual([route, 404]);
    }
    const { id } = (await ann.request('message', { room: 'r', text: 'hi' })).body as { id: string };
    for (const [route, body] of roomRequests.slice(7)) {
      const res = await cat.request(route, { ...body, room: 'r', ...(body.id ? { id } : {}) });
      expect([route, res.status]).toEqual([route, 403]);
    }
  });

  it('is refused before login (401)', async () => {
    await fx.start();
    const anon = await fx.connect();
    for (const [route, body] of roomRequests) expect((await anon.request(route, body)).status).toBe(401);
    expect((await anon.request('roomcreate', { room: 'r' })).status).toBe(401);
    expect((await anon.request('rooms')).status).toBe(401);
  });
});

describe('blocked placeholders for every item with a from', () => {
  it('hides edits, reactions, deletes and topics of a blocked author; catch-up included', async () => {
    const { ann, bob } = await roomOfTwo();
    const { id } = (await bob.request('message', { room: 'r', text: 'mine' })).body as { id: string };
    await ann.request('block', { user: 'bob' });
    await ann.ackAll();
    ann.close();
    await bob.request('edit', { room: 'r', id, text: 'mine!' });
    await bob.request('react', { room: 'r', id, emoji: '👍', on: true });
    await bob.request('roomtopic', { room: 'r', topic: 'secret topic' });
    await bob.request('delete', { room: 'r', id });
    const back = await fx.user('ann', { register: false });
    for (const route of ['edit', 'reaction', 'topic', 'delete']) {
      const push = await roomPush(back, route, 'r');
      expect(Object.keys(push).sort()).toEqual(['blocked', 'from', 'id', 'offline', 'room', 'seq', 'ts']);
      expect(push).toMatchObject({ from: 'bob', blocked: true, offline: true });
    }
    const history = (await back.request('history', { room: 'r' })).body as { items: JsonObject[] };
    expect(history.items.filter((i) => i.from === 'bob').every((i) => i.blocked === true)).toBe(true);
    expect(history.items.some((i) => i.type === 'member' && i.user === 'bob')).toBe(true);
  });
});

describe('a direct delete while the recipient is online', () => {
  it('drops a message that waited in the store behind a full window: only the delete arrives', async () => {
    await fx.start({ deliveryWindow: { messages: 1, bytes: 1 << 20 } });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    await ann.request('message', { to: 'bob', text: 'first' });
    const waiting = (await ann.request('message', { to: 'bob', text: 'second' })).body as { id: string };
    expect(await directPush(bob, 'message')).toMatchObject({ seq: 1, text: 'first' });
    expect(await ann.request('delete', { to: 'bob', id: waiting.id })).toEqual({ status: 200, body: {} });
    await bob.ackAll();
    expect(await directPush(bob, 'delete')).toMatchObject({ seq: 3, id: waiting.id, from: 'ann' });
    await bob.ackAll();
    await ann.request('message', { to: 'bob', text: 'third' });
    expect(await directPush(bob, 'message')).toMatchObject({ seq: 4, text: 'third' });
    expect(bob.takePushes('message')).toEqual([]);
  });
});
