import { describe, expect, it } from 'vitest';
import { ChatModel } from './chat-model.js';

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
    expect(model.find('srv-1')).toBe(stored);
    expect(model.find(sending.id)).toBeUndefined();
    expect(model.settle(sending.id, { state: 'delivered' })).toBeUndefined();

    const failed = model.addOutgoing('direct', 'bob', 'again');
    expect(model.settle(failed.id, { state: 'failed', reason: 'no connection' })).toMatchObject({
      id: failed.id,
      state: 'failed',
      reason: 'no connection',
    });
    // A retry finds it by the local id it kept.
    expect(model.find(failed.id)).toMatchObject({ state: 'failed', text: 'again' });
  });

  it('tells a received message from one seen before, per conversation', () => {
    const model = modelFor();
    expect(model.addIncoming('broadcast', { id: 'b1', from: 'bob', text: 'all', ts: 1 }).added).toBe(true);
    expect(model.addIncoming('private', { id: 'b1', from: 'bob', text: 'psst', ts: 2 }).added).toBe(true);
    const later = model.addIncoming('direct', {
      id: 'd1',
      from: 'bob',
      text: 'later',
      ts: 3,
      offline: true,
      seq: 7,
    });
    expect(later).toEqual({
      added: true,
      message: {
        id: 'd1',
        kind: 'direct',
        direction: 'in',
        from: 'bob',
        to: 'alice',
        text: 'later',
        ts: 3,
        state: 'delivered',
        offline: true,
        seq: 7,
      },
    });
    expect(model.addIncoming('direct', { id: 'd1', from: 'bob', text: 'later', ts: 3 }).added).toBe(false);
    expect(model.hasIncoming('direct', { id: 'd1', from: 'bob', text: '', ts: 0 })).toBe(true);
    expect(model.hasIncoming('direct', { id: 'd1', from: 'carol', text: '', ts: 0 })).toBe(false);
    expect(model.hasIncoming('broadcast', { id: 'b1', from: 'bob', text: '', ts: 0 })).toBe(true);
  });

  it('forgets the oldest seen ids past the limit', () => {
    const model = new ChatModel({ maxMessagesPerConversation: 2 });
    model.reset('alice');
    for (const id of ['1', '2', '3'])
      model.addIncoming('direct', { id, from: 'bob', text: id, ts: Number(id) });
    const seen = (id: string) => model.hasIncoming('direct', { id, from: 'bob', text: '', ts: 0 });
    expect(['1', '2', '3'].map(seen)).toEqual([false, true, true]);
  });

  it('keeps the outbox and seen ids across a new login of the same user only', () => {
    const model = modelFor();
    model.setOnline(['bob']);
    model.addIncoming('direct', { id: '1', from: 'bob', text: 'hi', ts: 1 });
    const mine = model.addOutgoing('direct', 'bob', 'mine');
    model.reset('alice');
    expect(model.onlineUsers()).toEqual([]);
    expect(model.find(mine.id)).toBe(mine);
    expect(model.hasIncoming('direct', { id: '1', from: 'bob', text: '', ts: 0 })).toBe(true);
    model.reset('carol');
    expect(model.find(mine.id)).toBeUndefined();
    expect(model.hasIncoming('direct', { id: '1', from: 'bob', text: '', ts: 0 })).toBe(false);
  });
});
