import { describe, expect, it } from 'vitest';
import { ChatStore } from '../store/chat-store.js';
import { OnlineIndex } from './online.js';
import { PresenceBatcher } from './presence-batcher.js';
import { recordingSession, type RecordingSession } from '../../tests/helpers/recording-session.js';

function setUp(windowMs: number, batched: readonly string[] = []) {
  const store = ChatStore.open(':memory:');
  for (const name of ['ann', 'bob', 'cat']) store.users.create(name, 'x', 0);
  const online = new OnlineIndex();
  const writes: Record<string, string[]> = {};
  const sessions: Record<string, RecordingSession> = {};
  for (const name of ['ann', 'bob', 'cat']) {
    const session = recordingSession(name);
    session.presenceBatch = batched.includes(name);
    writes[name] = session.writes;
    sessions[name] = session;
    online.add(session);
  }
  return { store, writes, sessions, batcher: new PresenceBatcher(online, store.blocks, windowMs) };
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

describe('PresenceBatcher batches (1.2)', () => {
  it('sends one batch per window with the last state of each user, in order, and shares it', async () => {
    const { store, writes, batcher, sessions } = setUp(20, ['ann', 'bob']);
    store.blocks.add('cat', 'bob'); // bob must not learn of cat
    batcher.announce('cat', true);
    batcher.announce('dan', true);
    batcher.announce('cat', false);
    batcher.tell('ann', 'eve', false);
    await batcher.flushed();
    expect(writes.ann).toEqual([
      '[presence] {"users":[{"user":"dan","online":true},{"user":"cat","online":false},{"user":"eve","online":false}]}\n',
    ]);
    expect(writes.bob).toEqual(['[presence] {"users":[{"user":"dan","online":true}]}\n']);
    expect(writes.cat).toEqual([
      '[presence] {"user":"dan","online":true}\n', // 1.1: cat did not ask for batches
    ]);
    expect(sessions.bob?.presenceBatch).toBe(true);
    expect(batcher.stats).toMatchObject({ windows: 1, writes: 3 });
    store.close();
  });

  it('serialises the common view once for every recipient who sees it', () => {
    const { store, writes, batcher } = setUp(0, ['ann', 'bob', 'cat']);
    batcher.announce('eve', true);
    expect(writes.ann).toEqual(['[presence] {"users":[{"user":"eve","online":true}]}\n']);
    expect(writes.bob).toEqual(writes.ann);
    expect(batcher.stats).toMatchObject({ windows: 1, writes: 3, serialised: 1 });
    store.close();
  });
});
