/**
 * The conversations store as a projection: a log-out leaves nothing of the session behind (a
 * draft, a batch of messages not yet put in place, an answer still on its way), and merging
 * follows the shared rules. Main is stood in for by a table of answers: the store is under test.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';

type Store = typeof import('./conversations-store.js').useConversationsStore;
let store: Store;
const calls: { name: string; input: unknown }[] = [];
let answerLoad: ((messages: ChatMessage[]) => void) | undefined;

function message(id: string, from: string, ts: number): ChatMessage {
  return {
    id,
    kind: 'direct',
    direction: 'in',
    from,
    to: 'alice',
    text: `text ${id}`,
    ts,
    state: 'delivered',
  };
}

beforeAll(async () => {
  const parley = new Proxy(
    {},
    {
      get: (_target, name: string) => {
        if (name === 'on') return () => () => undefined;
        return (input: { key?: string }) => {
          calls.push({ name, input });
          if (name !== 'loadConversation') return Promise.resolve({ ok: true, value: {} });
          return new Promise((resolve) => {
            answerLoad = (messages) =>
              resolve({ ok: true, value: { key: input.key, kind: 'direct', messages, unread: 0 } });
          });
        };
      },
    },
  );
  Object.assign(globalThis, { window: { parley }, document: { hasFocus: () => false } });
  store = (await import('./conversations-store.js')).useConversationsStore;
});

beforeEach(() => {
  store.getState().reset();
  calls.length = 0;
});

describe('conversations store', () => {
  it('leaves no draft, open conversation or pending batch of one session to the next', () => {
    const s = store.getState();
    s.applySnapshot([{ key: 'direct:bob', kind: 'direct', messages: [message('1', 'bob', 1)], unread: 0 }]);
    s.open('direct:bob');
    s.setDraft('direct:bob', 'half a secret');
    // Gathered for the next frame, not yet in place when the user logs out.
    s.onMessage(message('2', 'bob', 2));
    expect(store.getState().drafts).toEqual({ 'direct:bob': 'half a secret' });

    store.getState().reset();
    store.getState().flush();
    expect(store.getState()).toMatchObject({ byKey: {}, activeKey: undefined, drafts: {}, sendError: {} });
  });

  it('drops a history answer that was asked for before a reset', async () => {
    store.getState().open('direct:bob');
    const answer = answerLoad;
    store.getState().reset();
    answer?.([message('old', 'bob', 1)]);
    // Every promise step of the answer has run by the next macrotask.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(store.getState().byKey).toEqual({});
  });

  it('keeps each message once when a batch repeats what history gave, oldest first', async () => {
    const s = store.getState();
    s.open('direct:bob');
    s.onMessage(message('3', 'bob', 3));
    s.onMessage(message('3', 'bob', 3));
    s.flush();
    answerLoad?.([message('1', 'bob', 1), message('3', 'bob', 3)]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(store.getState().byKey['direct:bob']?.messages.map((m) => m.id)).toEqual(['1', '3']);
  });

  it('restores the open conversation and the drafts a snapshot names, and tells main what opens', () => {
    store.getState().applySnapshot([], { openKey: 'direct:carol', drafts: { 'direct:carol': 'later' } });
    expect(store.getState()).toMatchObject({
      activeKey: 'direct:carol',
      drafts: { 'direct:carol': 'later' },
    });
    store.getState().open('#broadcast');
    expect(calls).toContainEqual({ name: 'setOpenConversation', input: { key: '#broadcast' } });
  });
});
