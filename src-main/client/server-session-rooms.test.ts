/** The session's protocol 1.2 methods and room-item events against a real server over TCP. */
import { describe, expect, it } from 'vitest';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';
import { nextEvent } from '../../tests/helpers/next-event.js';
import { ServerSession } from './server-session.js';

const fx = useServerFixture();
const sessions: ServerSession[] = [];

async function session(port: number, name: string): Promise<ServerSession> {
  const s = new ServerSession({ host: '127.0.0.1', port });
  sessions.push(s);
  await s.connect();
  await s.register(name, `${name}-secret`);
  await s.login(name, `${name}-secret`);
  return s;
}

describe('ServerSession, protocol 1.2', () => {
  it('creates, joins, talks in and pages a room; room items come as roomItem, never as message', async () => {
    const { port } = await fx.start();
    const ann = await session(port, 'ann');
    const bob = await session(port, 'bob');
    try {
      const directs: unknown[] = [];
      bob.on('message', (m) => directs.push(m));
      expect(await ann.roomCreate('team', { topic: 'us' })).toEqual({ room: 'team' });
      const joined = nextEvent(bob, 'roomItem');
      expect(await bob.roomJoin('team')).toEqual({ room: 'team', seq: 2 });
      expect(await joined).toMatchObject({ route: 'member', item: { room: 'team', seq: 2, user: 'bob' } });
      const said = nextEvent(bob, 'roomItem');
      const sent = await ann.roomMessage('team', 'hello');
      expect(sent).toMatchObject({ seq: 3 });
      expect(await said).toMatchObject({ route: 'message', item: { seq: 3, text: 'hello', from: 'ann' } });
      await bob.ackRoom('team', 3);
      await expect(bob.ackRoom('team', 9)).rejects.toMatchObject({ status: 400 });
      expect(await bob.rooms()).toEqual([
        { room: 'team', private: false, topic: 'us', owner: 'ann', members: 2, joined: true, invited: false },
      ]);
      expect((await bob.roomMembers('team')).map((m) => m.user)).toEqual(['ann', 'bob']);
      const page = await bob.history('team', { limit: 2 });
      expect(page.more).toBe(true);
      expect(page.items.map((i) => i.seq)).toEqual([2, 3]);
      const edited = nextEvent(bob, 'roomItem');
      await ann.edit({ room: 'team' }, String(sent.id), 'hello!');
      expect(await edited).toMatchObject({ route: 'edit', item: { text: 'hello!' } });
      await bob.react({ room: 'team' }, String(sent.id), '👍', true);
      await bob.read({ room: 'team' }, 3);
      const typing = nextEvent(ann, 'typing');
      await bob.typing({ room: 'team' }, true);
      expect(await typing).toEqual({ from: 'bob', room: 'team', active: true });
      await ann.roomTopic('team', 'all of us');
      await expect(ann.roomInvite('team', 'cat')).rejects.toMatchObject({ status: 404 });
      await bob.roomLeave('team');
      await expect(ann.roomKick('team', 'bob')).rejects.toMatchObject({ status: 404 });
      expect(directs).toEqual([]);
    } finally {
      for (const s of sessions.splice(0)) await s.close();
    }
  });

  it('sends direct replies and relations, which arrive as their own events', async () => {
    const { port } = await fx.start();
    const ann = await session(port, 'ann');
    const bob = await session(port, 'bob');
    try {
      const first = nextEvent(bob, 'message');
      const sent = await ann.message('bob', 'hi');
      const got = await first;
      await bob.ack(got.seq);
      const reply = nextEvent(ann, 'message');
      await bob.message('ann', 'hey', sent.id);
      expect(await reply).toMatchObject({ text: 'hey', replyTo: sent.id });
      const deleted = nextEvent(bob, 'delete');
      await ann.deleteMessage({ to: 'bob' }, sent.id);
      expect(await deleted).toMatchObject({ id: sent.id, from: 'ann' });
      const read = nextEvent(ann, 'read');
      await bob.read({ to: 'ann' }, sent.id);
      expect(await read).toMatchObject({ from: 'bob', upTo: sent.id });
    } finally {
      for (const s of sessions.splice(0)) await s.close();
    }
  });
});
