import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/protocol/index.js';
import { LineClient } from '../../tests/helpers/line-client.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import type { TestServer } from '../../tests/helpers/test-server.js';

const fx = useServerFixture();
let srv: TestServer;

/** Waits for `count` direct messages on `client`, in arrival order. */
async function messages(client: LineClient, count: number): Promise<JsonObject[]> {
  const got = [];
  for (let i = 0; i < count; i++) got.push(await client.push('message'));
  return got;
}

describe('acknowledged delivery (protocol 1.1)', () => {
  it('numbers each recipient’s messages 1, 2, 3 and keeps numbering above them after a restart', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const cat = await fx.user('cat');
    await ann.request('message', { to: 'bob', text: 'a' });
    await cat.request('message', { to: 'bob', text: 'b' });
    await ann.request('message', { to: 'cat', text: 'c' });
    expect((await messages(bob, 2)).map((m) => m.seq)).toEqual([1, 2]);
    expect((await cat.push('message')).seq).toBe(1);
    await bob.ackAll();
    srv = await fx.restart();
    const bob2 = await fx.user('bob', { register: false });
    const ann2 = await fx.user('ann', { register: false });
    await ann2.request('message', { to: 'bob', text: 'after' });
    expect((await bob2.push('message')).seq).toBeGreaterThan(2); // never reused, gaps allowed
  });

  it('finding 2: a backlog of 1000 messages of 4000 characters arrives whole, without a reset, and is then gone', async () => {
    srv = await fx.start();
    const yoda = await fx.user('yoda');
    await yoda.request('logout');
    await yoda.closed;
    const hans = await fx.user('hans');
    const sent = [];
    for (let i = 0; i < 1000; i++) {
      sent.push(
        hans.request('message', { to: 'yoda', text: `${String(i).padStart(4, '0')}${'y'.repeat(3996)}` }),
      );
    }
    const answers = await Promise.all(sent);
    expect(answers.every((a) => a.status === 200 && (a.body as JsonObject).delivered === false)).toBe(true);
    expect(srv.store.inbox.count('yoda')).toBe(1000);

    const back = await fx.user('yoda', { register: false }); // acks as it goes
    const got = await messages(back, 1000);
    expect(got.map((m) => String(m.text).slice(0, 4))).toEqual(
      Array.from({ length: 1000 }, (_, i) => String(i).padStart(4, '0')),
    );
    expect(got.every((m) => m.offline === true)).toBe(true);
    await back.ackAll();
    expect(back.isClosed).toBe(false);
    expect(back.ackStatuses.every((s) => s === 200)).toBe(true);
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('yoda')).toBe(0);
  });

  it('finding 3: a slow reader gets every message answered 200 exactly once, and is never cut off', async () => {
    srv = await fx.start();
    const slow = await fx.user('slow');
    const fast = await fx.user('fast');
    // Reads one chunk, then stops reading until a later turn of the loop: the server sees backpressure.
    slow.socket.on('data', () => {
      slow.socket.pause();
      setTimeout(() => slow.socket.resume(), 1);
    });
    const text = 'z'.repeat(3990);
    const sent = [];
    for (let i = 0; i < 2500; i++) sent.push(fast.request('message', { to: 'slow', text: `${i} ${text}` }));
    const answers = await Promise.all(sent);
    expect(answers.filter((a) => a.status !== 200).slice(0, 2)).toEqual([]);
    const got = await messages(slow, 2500);
    expect(got.map((m) => Number(String(m.text).split(' ')[0]))).toEqual(
      Array.from({ length: 2500 }, (_, i) => i),
    );
    expect(new Set(got.map((m) => m.seq)).size).toBe(2500);
    await slow.ackAll();
    expect(slow.isClosed).toBe(false);
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('slow')).toBe(0);
  });

  it('answers the sender only once the recipient acknowledges, and then never writes the message', async () => {
    srv = await fx.start({ deliveryHoldMs: 600_000 });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    const answer = ann.request('message', { to: 'bob', text: 'hold on' });
    const pushed = await bob.push('message');
    // A round trip on bob's connection: had ann's 200 been sent with the push, it would be here by now.
    await bob.request('ping');
    await new Promise(setImmediate);
    expect(ann.frames.filter((f) => f.kind === 'response')).toEqual([]);
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('bob')).toBe(0);
    bob.ack(Number(pushed.seq));
    expect(await answer).toEqual({ status: 200, body: { id: pushed.id, ts: pushed.ts, delivered: true } });
  });

  it('stores what is not acknowledged within the hold, answers 200 after the commit, and deletes it on ack', async () => {
    srv = await fx.start({ deliveryHoldMs: 1 });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    const res = await ann.request('message', { to: 'bob', text: 'stored' });
    expect(res).toMatchObject({ status: 200, body: { delivered: true } });
    expect(srv.store.inbox.count('bob')).toBe(1);
    const pushed = await bob.push('message');
    await bob.ackAll();
    await srv.server.deliveryCommitted();
    expect(srv.store.inbox.count('bob')).toBe(0);
    expect(pushed.offline).toBeUndefined();
  });

  it('takes acks cumulatively: a lower one changes nothing, one above what was sent is 400', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    for (const text of ['1', '2', '3']) void ann.request('message', { to: 'bob', text });
    const got = await messages(bob, 3);
    expect((await bob.request('ack', { seq: 4 })).status).toBe(400);
    expect(await bob.request('ack', { seq: 2 })).toEqual({ status: 200, body: {} });
    expect(await bob.request('ack', { seq: 1 })).toEqual({ status: 200, body: {} }); // below: no-op
    expect(await bob.request('ack', { seq: 0 })).toEqual({ status: 200, body: {} });
    expect((await bob.request('ack', { seq: -1 })).status).toBe(400);
    bob.close();
    await bob.closed;
    // Only the third was not acknowledged: it alone comes back, with its id and seq, marked offline.
    const again = await fx.user('bob', { register: false, autoAck: false });
    const redelivered = await again.push('message');
    expect(redelivered).toEqual({ ...got[2], offline: true });
    expect((await again.request('ack', { seq: Number(redelivered.seq) })).status).toBe(200);
    expect((await again.request('ack', { seq: Number(redelivered.seq) + 1 })).status).toBe(400);
  });

  it('does not count an ack as activity', async () => {
    let now = 1_000_000;
    srv = await fx.start({ inactivityTimeoutMs: 1000, clock: () => now });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    await ann.request('message', { to: 'bob', text: 'x' }).then(
      () => undefined,
      () => undefined,
    );
    const seq = Number((await bob.push('message')).seq);
    now += 900;
    expect((await bob.request('ack', { seq })).status).toBe(200);
    now += 200;
    expect(await bob.push('bye')).toEqual({ reason: 'timeout' });
  });

  it('stops pushing direct messages to a client that never acks once its window is full, but keeps answering it', async () => {
    srv = await fx.start({ deliveryWindow: { messages: 64, bytes: 1024 * 1024 } });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    const answers = [];
    for (let i = 0; i < 100; i++) answers.push(ann.request('message', { to: 'bob', text: `m${i}` }));
    expect((await Promise.all(answers)).every((a) => a.status === 200)).toBe(true);
    await ann.request('broadcast', { text: 'still here' });
    expect(await bob.push('broadcast')).toMatchObject({ text: 'still here' });
    expect(await bob.request('whoelse')).toEqual({ status: 200, body: { users: ['ann'] } });
    expect(bob.takePushes('message').map((m) => m.text)).toEqual(
      Array.from({ length: 64 }, (_, i) => `m${i}`),
    );
    bob.ack(64); // room again: the rest flows, in order
    const rest = await messages(bob, 36);
    expect(rest.map((m) => m.text)).toEqual(Array.from({ length: 36 }, (_, i) => `m${64 + i}`));
    expect(rest.map((m) => m.seq)).toEqual(Array.from({ length: 36 }, (_, i) => 65 + i));
    expect(rest.every((m) => m.offline === undefined)).toBe(true); // sent while bob was online
  });

  it('stores what a dropped connection never acknowledged and redelivers it with the same id and seq', async () => {
    srv = await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', { autoAck: false });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(ann.request('message', { to: 'bob', text: `m${i}` }));
    const first = await messages(bob, 5);
    bob.close();
    expect((await Promise.all(answers)).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const again = await fx.user('bob', { register: false });
    const second = await messages(again, 5);
    expect(second).toEqual(first.map((m) => ({ ...m, offline: true })));
  });

  it('keeps a logged-out sender’s pipelined messages and answers them before the logout', async () => {
    srv = await fx.start({ deliveryHoldMs: 50 });
    const ann = await fx.user('ann');
    await fx.user('bob', { autoAck: false });
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(ann.request('message', { to: 'bob', text: `m${i}` }));
    const logout = ann.request('logout');
    expect((await Promise.all(answers)).every((a) => a.status === 200)).toBe(true);
    expect(await logout).toEqual({ status: 200, body: {} });
    await ann.closed;
  });

  it('writes one transaction per turn for a pipelined burst, and nothing for messages acknowledged in time', async () => {
    srv = await fx.start({ deliveryHoldMs: 600_000 });
    let transactions = 0;
    let puts = 0;
    const { store } = srv;
    const transaction = store.transaction.bind(store);
    store.transaction = (work) => (transactions++, transaction(work));
    const put = store.inbox.put.bind(store.inbox);
    store.inbox.put = (recipient, message) => (puts++, put(recipient, message));

    const ann = await fx.user('ann');
    const bob = await fx.user('bob'); // online and acking
    // 200: within one window (256), so none has to wait in the store for room
    const lines = Array.from({ length: 200 }, (_, i) => `[message] {"to":"bob","text":"live ${i}"}\n`);
    ann.sendRaw(lines.join(''));
    await messages(bob, 200);
    for (let i = 0; i < 200; i++) await ann.next((f) => f.kind === 'response');
    expect(puts).toBe(0); // acknowledged within the hold: never written

    await bob.request('logout');
    await bob.closed;
    const before = transactions;
    ann.sendRaw(lines.join('').replaceAll('live', 'stored'));
    for (let i = 0; i < 200; i++) {
      const frame = await ann.next((f) => f.kind === 'response');
      expect(frame).toMatchObject({ status: 200, body: { delivered: false } });
    }
    expect(puts).toBe(200);
    // One transaction per turn: a turn reads what the socket holds, so far fewer than one per message.
    expect(transactions - before).toBeLessThan(20);
  });
});
