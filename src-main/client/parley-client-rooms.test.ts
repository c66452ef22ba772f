/**
 * The client facade's protocol 1.2 against a real server over TCP: rooms, room items as the
 * contract's events, relations, receipts and typing; room acks only after the consumer kept an
 * item, the login catch-up windowed and deduplicated by (room, seq).
 */
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/model.js';
import { PASSWORD, useClientFixture } from '../../tests/helpers/client-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import type { ParleyClient, StoredEvent } from './parley-client.js';

const fx = useClientFixture();

function roomMessages(client: ParleyClient): ChatMessage[] {
  const seen: ChatMessage[] = [];
  client.on('message', ({ message }) => {
    if (message.kind === 'room') seen.push(message);
  });
  return seen;
}

describe('ParleyClient, rooms', () => {
  it('talks in a room: each member sees each item once, relations and notices as events', async () => {
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const annSees = roomMessages(ann);
    const bobSees = roomMessages(bob);
    expect(await ann.createRoom('team', { topic: 'us' })).toBe('team');
    const joined = nextEvent(ann, 'message', ({ message }) => message.notice?.type === 'member');
    await bob.joinRoom('team');
    expect((await joined).message).toMatchObject({ room: 'team', notice: { user: 'bob', change: 'join' } });

    const heard = nextEvent(bob, 'message', ({ message }) => message.text === 'hello');
    const sent = await ann.sendRoomMessage('team', 'hello');
    expect(sent).toMatchObject({ kind: 'room', direction: 'out', room: 'team', state: 'delivered', seq: 3 });
    expect((await heard).message).toMatchObject({ id: sent.id, direction: 'in', from: 'ann', seq: 3 });

    const reply = nextEvent(ann, 'message', ({ message }) => message.replyTo === sent.id);
    await bob.sendRoomMessage('team', 'hi ann', sent.id);
    expect((await reply).message).toMatchObject({ from: 'bob', text: 'hi ann', direction: 'in' });

    const edited = nextEvent(bob, 'relation', ({ relation }) => relation.type === 'edit');
    await ann.editMessage('room:team', sent.id, 'hello!');
    expect(await edited).toMatchObject({
      key: 'room:team',
      relation: { id: sent.id, text: 'hello!', from: 'ann' },
    });
    const reacted = nextEvent(ann, 'relation', ({ relation }) => relation.type === 'reaction');
    await bob.react('room:team', sent.id, '👍', true);
    expect((await reacted).relation).toMatchObject({ emoji: '👍', on: true, from: 'bob' });
    const read = nextEvent(ann, 'relation', ({ relation }) => relation.type === 'read');
    bob.sendReadReceipt('room:team', 4);
    expect((await read).relation).toEqual({ type: 'read', room: 'team', from: 'bob', upTo: 4 });

    const typing = nextEvent(ann, 'typing', (t) => t.active);
    await bob.typing('room:team', true);
    expect(await typing).toEqual({ key: 'room:team', from: 'bob', active: true });
    const stopped = nextEvent(ann, 'typing', (t) => !t.active);
    await bob.typing('room:team', true); // within 3 s: not sent again
    await bob.typing('room:team', false);
    expect(await stopped).toEqual({ key: 'room:team', from: 'bob', active: false });

    const deleted = nextEvent(bob, 'relation', ({ relation }) => relation.type === 'delete');
    await ann.deleteMessage('room:team', sent.id);
    expect((await deleted).relation).toMatchObject({ id: sent.id, room: 'team' });

    const topic = nextEvent(bob, 'message', ({ message }) => message.notice?.type === 'topic');
    await ann.setTopic('team', 'all of us');
    expect((await topic).message.notice).toEqual({ type: 'topic', topic: 'all of us' });
    // Own messages came once: the reply and the item are one message.
    expect(annSees.filter((m) => m.id === sent.id)).toHaveLength(1);
    expect(bobSees.map((m) => m.seq)).toEqual([2, 3, 4, 8]);

    const invited = nextEvent(bob, 'room-invited');
    await ann.createRoom('secret', { private: true, topic: 'shh' });
    await ann.inviteToRoom('secret', 'bob');
    expect(await invited).toEqual({ room: 'secret', by: 'ann', private: true, topic: 'shh' });
    expect((await bob.listRooms()).map((r) => [r.room, r.joined, r.invited])).toEqual([
      ['secret', false, true],
      ['team', true, false],
    ]);
    const kicked = nextEvent(bob, 'message', ({ message }) => message.notice?.type === 'member');
    await ann.kickFromRoom('team', 'bob');
    expect((await kicked).message.notice).toEqual({ type: 'member', user: 'bob', change: 'kick', by: 'ann' });
    expect((await ann.roomMembers('team')).map((m) => m.user)).toEqual(['ann']);

    const page = await ann.roomHistory('team', { limit: 3 });
    expect(page.more).toBe(true);
    expect(
      page.events.map((e) =>
        e.type === 'message' ? (e.message.notice?.type ?? 'message') : e.relation.type,
      ),
    ).toEqual(['delete', 'topic', 'member']);
  });

  it('acks a room item only once it was kept: what failed comes again, what was kept never does', async () => {
    let fail = true;
    const kept: StoredEvent[] = [];
    const options = {
      acceptItem: (event: StoredEvent) => {
        if (fail && event.type === 'message' && event.message.text === 'two')
          return Promise.reject(new Error('disk full'));
        kept.push(event);
        return Promise.resolve(true);
      },
    };
    const ann = await fx.user('ann');
    const bob = await fx.user('bob', options);
    await ann.createRoom('team');
    await bob.joinRoom('team');
    const unhandled = nextEvent(bob, 'notice', (n) => n.message.includes('#team'));
    await ann.sendRoomMessage('team', 'one');
    await ann.sendRoomMessage('team', 'two');
    await unhandled;
    await bob.logout();
    fail = false;
    kept.length = 0;
    const again = nextEvent(bob, 'message', ({ message }) => message.text === 'two');
    await bob.login('bob', PASSWORD);
    expect((await again).message).toMatchObject({ offline: true, seq: 4 });
    // 'one' was kept before and acknowledged (its ack went before 'two' failed).
    expect(kept.map((e) => (e.type === 'message' ? e.message.text : ''))).toEqual(['two']);
    await bob.logout();
    kept.length = 0;
    await bob.login('bob', PASSWORD);
    // A round trip after the login: anything redelivered would have come before its answer.
    await bob.listRooms();
    expect(kept).toEqual([]);
  });

  it('catches up at login: a backlog beyond the window arrives whole, in order, once', async () => {
    await fx.restartWith({ deliveryWindow: { messages: 8, bytes: 1 << 20 } });
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.createRoom('team');
    await bob.joinRoom('team');
    await bob.logout();
    const count = 300;
    for (let i = 1; i <= count; i++) await ann.sendRoomMessage('team', `m${i}`);
    const seen: number[] = [];
    const last = nextEvent(bob, 'message', ({ message }) => message.text === `m${count}`, 30_000);
    bob.on('message', ({ message }) => {
      if (message.kind === 'room' && message.notice === undefined) seen.push(message.seq ?? 0);
    });
    await bob.login('bob', PASSWORD);
    expect((await last).message.offline).toBe(true);
    expect(seen).toEqual(Array.from({ length: count }, (_, i) => i + 3));
    await bob.logout();
    seen.length = 0;
    await bob.login('bob', PASSWORD);
    await bob.listRooms();
    expect(seen).toEqual([]);
  });
});

describe('ParleyClient, direct relations and receipts', () => {
  it('hears edits, deletes, reactions and the read receipt of a direct conversation', async () => {
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    const got = nextEvent(bob, 'message');
    const sent = await ann.sendMessage('bob', 'hi bob');
    expect((await got).message.id).toBe(sent.id);
    const read = nextEvent(ann, 'relation', ({ relation }) => relation.type === 'read');
    bob.sendReadReceipt('direct:ann', sent.id);
    expect(await read).toMatchObject({ key: 'direct:bob', relation: { from: 'bob', upTo: sent.id } });
    const edited = nextEvent(bob, 'relation');
    const ownEdit = nextEvent(ann, 'relation', ({ relation }) => relation.type === 'edit');
    await ann.editMessage('direct:bob', sent.id, 'hi bob!');
    expect(await edited).toMatchObject({ key: 'direct:ann', relation: { type: 'edit', text: 'hi bob!' } });
    expect(await ownEdit).toMatchObject({ key: 'direct:bob', relation: { from: 'ann', text: 'hi bob!' } });
    const reply = nextEvent(ann, 'message');
    await bob.sendMessage('ann', 'hello', sent.id);
    expect((await reply).message).toMatchObject({ text: 'hello', replyTo: sent.id });
  });

  it('acknowledges every seq of the direct stream, routes it does not know included', async () => {
    const acks: string[] = [];
    let peer: Socket | undefined;
    let lastAcked!: () => void;
    const acked = new Promise<void>((resolve) => (lastAcked = resolve));
    const server = createServer((socket) => {
      peer = socket;
      socket.setEncoding('utf8');
      let buffer = '';
      socket.on('data', (chunk: string) => {
        buffer += chunk;
        for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          if (line.startsWith('[login]')) {
            socket.write('[200] {"username":"bob"}\n');
            socket.write('[futurething] {"seq":1,"from":"ann","what":"?"}\n');
            socket.write('[edit] {"seq":2,"from":"ann"}\n');
          } else if (line.startsWith('[ack]')) {
            acks.push(line);
            socket.write('[200] {}\n');
            if (line.includes('"seq":2')) lastAcked();
          } else if (line.startsWith('[whoelse]') || line.startsWith('[blocklist]')) {
            socket.write('[200] {"users":[]}\n');
          } else socket.write('[200] {}\n');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const client = fx.client({ port: address.port, reconnect: false });
    try {
      await client.login('bob', PASSWORD);
      await acked;
      expect(acks.at(-1)).toBe('[ack] {"seq":2}');
    } finally {
      peer?.destroy();
      await client.disconnect();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
