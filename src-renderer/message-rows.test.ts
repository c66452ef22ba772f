import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../src-shared/api/index.js';
import { GROUP_MS, toRows } from './message-rows.js';

const noon = new Date(2026, 10, 20, 12, 0, 0).getTime();

function msg(id: string, from: string, ts: number, direction: 'in' | 'out' = 'in'): ChatMessage {
  return { id, kind: 'direct', direction, from, to: 'me', text: id, ts, state: 'delivered' };
}

function shape(messages: ChatMessage[]): string[] {
  return toRows(messages).map((r) =>
    r.type === 'day' ? 'day' : `${r.message.id}${r.first ? '<' : ''}${r.last ? '>' : ''}`,
  );
}

describe('toRows', () => {
  it('starts with a day separator and groups one sender within five minutes', () => {
    const rows = shape([
      msg('a', 'bob', noon),
      msg('b', 'bob', noon + 60_000),
      msg('c', 'bob', noon + 120_000),
    ]);
    expect(rows).toEqual(['day', 'a<', 'b', 'c>']);
  });

  it('breaks a group at another sender, at a direction change and after five minutes', () => {
    const rows = shape([
      msg('a', 'bob', noon),
      msg('b', 'yoda', noon + 1000),
      msg('c', 'me', noon + 2000, 'out'),
      msg('d', 'me', noon + 2000 + GROUP_MS),
    ]);
    expect(rows).toEqual(['day', 'a<>', 'b<>', 'c<>', 'd<>']);
  });

  it('puts a separator at each new day, even inside five minutes', () => {
    const late = new Date(2026, 10, 20, 23, 59, 0).getTime();
    const rows = shape([msg('a', 'bob', late), msg('b', 'bob', late + 2 * 60_000)]);
    expect(rows).toEqual(['day', 'a<>', 'day', 'b<>']);
  });

  it('keys message rows by id so a row keeps its measured size', () => {
    const rows = toRows([msg('x1', 'bob', noon)]);
    expect(rows.map((r) => r.key)).toContain('x1');
    expect(toRows([])).toEqual([]);
  });
});

describe('toRows delivery words', () => {
  it('says a run of mine in one state once, at its end, and a different state where it changes', () => {
    const out = (id: string, ts: number, state: ChatMessage['state']): ChatMessage => ({
      ...msg(id, 'me', ts, 'out'),
      state,
    });
    const rows = toRows([
      out('a', noon, 'stored'),
      out('b', noon + 1, 'stored'),
      out('c', noon + 2, 'delivered'),
    ]);
    expect(rows.flatMap((r) => (r.type === 'msg' ? [r.quiet] : []))).toEqual([true, false, false]);
  });
});
