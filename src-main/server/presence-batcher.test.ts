import { describe, expect, it } from 'vitest';
import { ChatStore } from '../store/chat-store.js';
import { OnlineIndex } from './online.js';
import { PresenceBatcher } from './presence-batcher.js';
import { recordingSession } from '../../tests/helpers/recording-session.js';

function setUp(windowMs: number) {
  const store = ChatStore.open(':memory:');
  for (const name of ['ann', 'bob', 'cat']) store.users.create(name, 'x', 0);
  const online = new OnlineIndex();
  const writes: Record<string, string[]> = {};
  for (const name of ['ann', 'bob', 'cat']) {
    const session = recordingSession(name);
    writes[name] = session.writes;
    online.add(session);
  }
  return { store, writes, batcher: new PresenceBatcher(online, store.blocks, windowMs) };
}

describe('PresenceBatcher', () => {
  it('sends the changes of one window to each user as one write, in order, respecting blocks', async () => {
    const { store, writes, batcher } = setUp(20);
    store.blocks.add('bob', 'ann'); // ann must not learn of bob
    batcher.announce('bob', true);
    batcher.announce('cat', true);
    batcher.announce('cat', false);
    expect(writes.ann).toEqual([]); // nothing before the window ends
    await batcher.flushed();
    expect(writes.ann).toEqual([
      '[presence] {"user":"cat","online":true}\n[presence] {"user":"cat","online":false}\n',
    ]);
    expect(writes.cat).toEqual(['[presence] {"user":"bob","online":true}\n']);
    expect(writes.bob).toEqual([
      '[presence] {"user":"cat","online":true}\n[presence] {"user":"cat","online":false}\n',
    ]);
    store.close();
  });

  it('sends at once with a zero window, and drops what is queued on discard', () => {
    const { store, writes, batcher } = setUp(0);
    batcher.announce('ann', true);
    expect(writes.bob).toEqual(['[presence] {"user":"ann","online":true}\n']);
    const batched = setUp(1000);
    batched.batcher.announce('ann', true);
    batched.batcher.discard();
    batched.batcher.flush();
    expect(batched.writes.bob).toEqual([]);
    store.close();
    batched.store.close();
  });
});
