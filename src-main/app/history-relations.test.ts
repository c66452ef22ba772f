/**
 * Relations in local history: kept once each, folded into the messages whenever they are read
 * (the rules are conversation-fold.ts's); a deleted message's text is not kept or found.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { LocalHistory } from './history.js';

let dir: string;
let history: LocalHistory;
const ME = 'this-computer/alice';

function received(id: string, text: string, seq: number): ChatMessage {
  return {
    id,
    kind: 'direct',
    direction: 'in',
    from: 'bob',
    to: 'alice',
    text,
    ts: seq,
    state: 'delivered',
    seq,
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-relations-'));
  history = new LocalHistory(join(dir, 'history.sqlite'));
});

afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

it('folds edits, deletes, reactions and receipts into the messages it gives back', async () => {
  history.saveIncoming(ME, received('m1', 'frist', 1));
  history.saveIncoming(ME, received('m2', 'my bank password is hunter2', 2));
  history.saveOwn(ME, {
    id: 's1',
    kind: 'direct',
    direction: 'out',
    from: 'alice',
    to: 'bob',
    text: 'ok',
    ts: 3,
    state: 'delivered',
  });
  const key = 'direct:bob';
  expect(
    history.saveRelation(ME, key, { type: 'edit', seq: 4, id: 'm1', from: 'bob', text: 'first', ts: 4 }),
  ).toBe(true);
  expect(
    history.saveRelation(ME, key, { type: 'edit', seq: 4, id: 'm1', from: 'bob', text: 'first', ts: 4 }),
  ).toBe(false);
  history.saveRelation(ME, key, { type: 'delete', seq: 5, id: 'm2', from: 'bob', ts: 5 });
  history.saveRelation(ME, key, {
    type: 'reaction',
    seq: 6,
    id: 's1',
    from: 'bob',
    emoji: '👍',
    on: true,
    ts: 6,
  });
  history.saveRelation(ME, key, { type: 'read', seq: 7, from: 'bob', upTo: 's1', ts: 7 });
  await history.committed();

  const shown = history.allMessages(ME, key);
  expect(shown.map((m) => [m.id, m.text, m.edited ?? false, m.deleted ?? false])).toEqual([
    ['m1', 'first', true, false],
    ['m2', '', false, true],
    ['s1', 'ok', false, false],
  ]);
  expect(shown[2]).toMatchObject({
    reactions: [{ emoji: '👍', users: ['bob'] }],
    readBy: ['bob'],
    readAt: 7,
  });
  expect(history.recentMessages(ME, key, 1)).toEqual([shown[2]]);
  expect(history.search(ME, 'hunter2', 5)).toEqual([]);
});

it("finds a message by its newest edit's words, whatever order the edits came in", async () => {
  history.saveIncoming(ME, received('m1', 'meet at noon', 1));
  const key = 'direct:bob';
  history.saveRelation(ME, key, {
    type: 'edit',
    seq: 3,
    id: 'm1',
    from: 'bob',
    text: 'meet at three',
    ts: 3,
  });
  history.saveRelation(ME, key, { type: 'edit', seq: 2, id: 'm1', from: 'bob', text: 'meet at two', ts: 2 });
  history.saveRelation(ME, key, {
    type: 'edit',
    seq: 4,
    id: 'm1',
    from: 'mallory',
    text: 'meet at four',
    ts: 4,
  });
  await history.committed();
  const found = (word: string) => history.search(ME, word, 5).map((h) => h.message.id);
  expect([found('three'), found('two'), found('noon'), found('four')]).toEqual([['m1'], [], [], []]);
  expect(history.allMessages(ME, key)[0]).toMatchObject({ text: 'meet at three', edited: true });
});

it("ignores a direct delete by someone who didn't write the message", async () => {
  history.saveIncoming(ME, received('m1', 'still here', 1));
  history.saveRelation(ME, 'direct:bob', { type: 'delete', seq: 2, id: 'm1', from: 'mallory', ts: 2 });
  await history.committed();
  expect(history.allMessages(ME, 'direct:bob').map((m) => [m.text, m.deleted])).toEqual([
    ['still here', undefined],
  ]);
  expect(history.search(ME, 'still', 5)).toHaveLength(1);
});

it('keeps a room message with its room and the message it replies to', async () => {
  const message: ChatMessage = {
    id: 'r1',
    kind: 'room',
    room: 'ops',
    direction: 'in',
    from: 'bob',
    text: 'deploy done',
    ts: 1,
    state: 'delivered',
    seq: 9,
    replyTo: 'r0',
  };
  history.saveIncoming(ME, message);
  await history.committed();
  expect(history.conversationKeys(ME)).toEqual(['room:ops']);
  expect(history.allMessages(ME, 'room:ops')).toEqual([message]);
});
