import { describe, expect, it } from 'vitest';
import { BROADCAST_KEY, ChatModel } from './chat-model.js';

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
    expect(model.conversation('bob')?.messages).toEqual([stored]);
    expect(model.settle(sending.id, { state: 'delivered' })).toBeUndefined();

    const refused = model.addOutgoing('direct', 'bob', 'again');
    expect(model.settle(refused.id, { state: 'refused', reason: 'blocked' })).toMatchObject({
      state: 'refused',
      reason: 'blocked',
    });
    expect(model.conversation('bob')?.messages.map((m) => m.state)).toEqual(['stored', 'refused']);
  });

  it('files broadcasts and private messages, ignoring a message received twice', () => {
    const model = modelFor();
    model.addIncoming('broadcast', { id: 'b1', from: 'bob', text: 'all', ts: 1 });
    model.addIncoming('private', { id: 'p1', from: 'bob', text: 'psst', ts: 2 });
    model.addIncoming('direct', { id: 'd1', from: 'bob', text: 'later', ts: 3, offline: true });
    model.addIncoming('direct', { id: 'd1', from: 'bob', text: 'later', ts: 3, offline: true });
    const sent = model.addOutgoing('broadcast', undefined, 'mine', 4);
    expect(sent.to).toBeUndefined();
    expect(model.conversation(BROADCAST_KEY)?.messages.map((m) => m.text)).toEqual(['all', 'mine']);
    expect(model.conversation('bob')?.messages).toEqual([
      expect.objectContaining({ kind: 'private', text: 'psst', to: 'alice', state: 'delivered' }),
      expect.objectContaining({ kind: 'direct', text: 'later', offline: true }),
    ]);
    expect(model.allConversations().map((c) => c.key)).toEqual([BROADCAST_KEY, 'bob']);
  });

  it('drops the oldest messages past the limit', () => {
    const model = new ChatModel({ maxMessagesPerConversation: 2 });
    model.reset('alice');
    for (const id of ['1', '2', '3'])
      model.addIncoming('direct', { id, from: 'bob', text: id, ts: Number(id) });
    expect(model.conversation('bob')?.messages.map((m) => m.id)).toEqual(['2', '3']);
  });

  it('keeps conversations across a new login of the same user only', () => {
    const model = modelFor();
    model.setOnline(['bob']);
    model.addIncoming('direct', { id: '1', from: 'bob', text: 'hi', ts: 1 });
    model.reset('alice');
    expect(model.onlineUsers()).toEqual([]);
    expect(model.conversation('bob')?.messages).toHaveLength(1);
    model.reset('carol');
    expect(model.allConversations()).toEqual([]);
  });
});
