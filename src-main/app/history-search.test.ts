/**
 * Full-text search over local history (SQLite FTS5): every word required, each a prefix,
 * newest first, only the owner's messages, and whatever is typed never an FTS syntax error.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { ftsQuery } from './fts-query.js';
import { LocalHistory } from './history.js';

let dir: string;
let history: LocalHistory;
const ALICE = 'this-computer/alice';

function received(id: string, from: string, text: string, ts = 1000): ChatMessage {
  return { id, kind: 'direct', direction: 'in', from, to: 'alice', text, ts, state: 'delivered' };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-search-'));
  history = new LocalHistory(join(dir, 'history.sqlite'));
});

afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history search', () => {
  it('finds messages by every word, each a prefix, newest first, in their conversations', async () => {
    history.saveIncoming(ALICE, received('1', 'bob', 'The quarterly report is late'));
    history.saveIncoming(ALICE, received('2', 'carol', 'Report: the numbers look fine'));
    history.saveIncoming(ALICE, received('3', 'bob', 'lunch?'));
    history.saveOwn(ALICE, {
      id: 'local-1',
      kind: 'broadcast',
      direction: 'out',
      from: 'alice',
      text: 'Café opens at nine',
      ts: 2000,
      state: 'sent',
    });
    await history.committed();

    const hits = (typed: string) => history.search(ALICE, typed, 10).map((h) => [h.key, h.message.id]);
    expect(hits('report')).toEqual([
      ['direct:carol', '2'],
      ['direct:bob', '1'],
    ]);
    expect(hits('quarterly rep')).toEqual([['direct:bob', '1']]);
    expect(hits('quart rep')).toEqual([['direct:bob', '1']]);
    expect(hits('the numb')).toEqual([['direct:carol', '2']]);
    // Accents are folded: "cafe" finds "Café".
    expect(hits('cafe')).toEqual([['#broadcast', 'local-1']]);
    expect(hits('nothing-like-it')).toEqual([]);
    expect(history.search(ALICE, 'report', 1)).toHaveLength(1);
  });

  it("never shows another account's messages", async () => {
    history.saveIncoming('elsewhere:5000/alice', received('1', 'bob', 'secret plans'));
    history.saveIncoming(ALICE, received('2', 'bob', 'public plans'));
    await history.committed();
    expect(history.search(ALICE, 'plans', 10).map((h) => h.message.text)).toEqual(['public plans']);
  });

  it('follows a sent message as the server names it', async () => {
    history.saveOwn(ALICE, {
      id: 'local-1',
      kind: 'direct',
      direction: 'out',
      from: 'alice',
      to: 'bob',
      text: 'see you tomorrow',
      ts: 1,
      state: 'sending',
    });
    history.updateOwn(
      ALICE,
      { ...received('srv-9', 'alice', 'see you tomorrow'), direction: 'out', to: 'bob' },
      'local-1',
    );
    await history.committed();
    expect(history.search(ALICE, 'tomorrow', 10).map((h) => h.message.id)).toEqual(['srv-9']);
  });

  it('turns anything typed into a query FTS5 accepts', async () => {
    history.saveIncoming(ALICE, received('1', 'bob', 'a "quoted" AND (odd) -text: with NEAR stuff*'));
    await history.committed();
    expect(ftsQuery('  ')).toBeUndefined();
    expect(ftsQuery('... ---')).toBeUndefined();
    expect(ftsQuery('say "hi')).toBe('"say"* """hi"*');
    expect(history.search(ALICE, '"quoted" AND', 10)).toHaveLength(1);
    expect(history.search(ALICE, 'NEAR(', 10)).toHaveLength(1);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (typed) => {
        expect(() => history.search(ALICE, typed, 5)).not.toThrow();
      }),
    );
  });
});
