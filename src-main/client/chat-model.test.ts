import { describe, expect, it } from 'vitest';
import { BROADCAST_KEY, keyFor } from '../../src-shared/api/conversation-key.js';
import { ChatModel } from './chat-model.js';

const BOB = keyFor('direct', 'bob');

function modelFor(user = 'alice'): ChatModel {
  const model = new ChatModel();
  model.reset(user);
  return model;
}

describe('ChatModel', () => {
  it('keeps who is online from a snapshot plus presence, never listing this user', () => {
    const model = modelFor();
    model.setOnline(['carol', 'alice', 'bob']);
    expect(model.onlineUsers()).toEqual(['bob', 'carol']);
    expect(model.applyPresence('dave', true)).toBe(true);
    expect(model.applyPresence('dave', true)).toBe(false);
    expect(model.applyPresence('bob', false)).toBe(true);
    expect(model.applyPresence('alice', true)).toBe(false);
    expect(model.onlineUsers()).toEqual(['carol', 'dave']);
    expect(model.isOnline('bob')).toBe(false);
  });

  it('keeps the block list', () => {
    const model = modelFor();
    model.setBlocked(['bob']);
    model.setBlock('carol', true);
    model.setBlock('bob', false);
    expect(model.blockedUsers()).toEqual(['carol']);
    expect(model.isBlocked('carol')).toBe(true);
  });

  it('moves a sent message through its delivery states, replacing it each time', () => {
    const model = modelFor();
    const sending = model.addOutgoing('direct', 'bob', 'hi', 10);
    expect(sending).toMatchObject({ from: 'alice', to: 'bob', state: 'sending', direction: 'out' });
    const stored = model.settle(sending.id, { state: 'stored', id: 'srv-1', ts: 11 });
    expect(stored).toMatchObject({ id: 'srv-1', state: 'stored', ts: 11, text: 'hi' });
    expect(stored).not.toBe(sending);
    expect(model.conversation(BOB)?.messages).toEqual([stored]);
    expect(model.settle(sending.id, { state: 'delivered' })).toBeUndefined();

    const refused = model.addOutgoing('direct', 'bob', 'again');
    expect(model.settle(refused.id, { state: 'refused', reason: 'blocked' })).toMatchObject({
      state: 'refused',
      reason: 'blocked',
    });
    expect(model.conversation(BOB)?.messages.map((m) => m.state)).toEqual(['stored', 'refused']);
  });

  it('files broadcasts, direct and private messages apart, ignoring a message received twice', () => {
    const model = modelFor();
    model.addIncoming('broadcast', { id: 'b1', from: 'bob', text: 'all', ts: 1 });
    model.addIncoming('private', { id: 'p1', from: 'bob', text: 'psst', ts: 2 });
    expect(
      model.addIncoming('direct', { id: 'd1', from: 'bob', text: 'later', ts: 3, offline: true, seq: 7 })
        .added,
    ).toBe(true);
    const again = model.addIncoming('direct', {
      id: 'd1',
      from: 'bob',
      text: 'later',
      ts: 3,
      offline: true,
      seq: 7,
    });
    expect(again.added).toBe(false);
    const sent = model.addOutgoing('broadcast', undefined, 'mine', 4);
    expect(sent.to).toBeUndefined();
    expect(model.conversation(BROADCAST_KEY)?.messages.map((m) => m.text)).toEqual(['all', 'mine']);
    expect(model.conversation('private:bob')?.messages).toEqual([
      expect.objectContaining({ kind: 'private', text: 'psst', to: 'alice', state: 'delivered' }),
    ]);
    expect(model.conversation(BOB)?.messages).toEqual([
      expect.objectContaining({ kind: 'direct', text: 'later', offline: true, seq: 7 }),
    ]);
    expect(model.allConversations().map((c) => c.key)).toEqual([BROADCAST_KEY, BOB, 'private:bob']);
  });

  it('counts received messages unread until the conversation is read', () => {
    const model = modelFor();
    model.addIncoming('direct', { id: '1', from: 'bob', text: 'a', ts: 1 });
    model.addIncoming('direct', { id: '2', from: 'bob', text: 'b', ts: 2 });
    model.addIncoming('direct', { id: '2', from: 'bob', text: 'b', ts: 2 });
    model.addOutgoing('direct', 'bob', 'mine');
    model.addIncoming('private', { id: '3', from: 'bob', text: 'c', ts: 3 });
    expect(model.unreadCounts()).toEqual({ [BOB]: 2, 'private:bob': 1 });
    expect(model.conversation(BOB)?.unread).toBe(2);
    expect(model.markRead(BOB)).toBe(true);
    expect(model.markRead(BOB)).toBe(false);
    expect(model.unreadCounts()).toEqual({ 'private:bob': 1 });
    expect(model.conversation(BOB)).toMatchObject({ key: BOB, kind: 'direct', unread: 0 });
  });

  it('drops the oldest messages past the limit', () => {
    const model = new ChatModel({ maxMessagesPerConversation: 2 });
    model.reset('alice');
    for (const id of ['1', '2', '3'])
      model.addIncoming('direct', { id, from: 'bob', text: id, ts: Number(id) });
    expect(model.conversation(BOB)?.messages.map((m) => m.id)).toEqual(['2', '3']);
  });

  it('keeps conversations across a new login of the same user only', () => {
    const model = modelFor();
    model.setOnline(['bob']);
    model.addIncoming('direct', { id: '1', from: 'bob', text: 'hi', ts: 1 });
    model.reset('alice');
    expect(model.onlineUsers()).toEqual([]);
    expect(model.conversation(BOB)?.messages).toHaveLength(1);
    model.reset('carol');
    expect(model.allConversations()).toEqual([]);
  });
});
