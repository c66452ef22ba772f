import { describe, expect, it } from 'vitest';
import { UnreadCounts, type UnreadReport, type UnreadStore } from './unread.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function memoryStore(): UnreadStore & { saved: Map<string, number> } {
  const saved = new Map<string, number>();
  return {
    saved,
    unreadCounts: () => new Map(saved),
    setUnread: (_owner, key, count) => void (count > 0 ? saved.set(key, count) : saved.delete(key)),
  };
}

describe('unread counts', () => {
  it('reports the bumps of one turn once, with the counts at the end of it, and keeps every change', async () => {
    const store = memoryStore();
    const reports: UnreadReport[] = [];
    const unread = new UnreadCounts(store, (report) => reports.push(report));
    unread.switchTo('alice');
    for (let i = 0; i < 500; i++) unread.bump('direct:bob');
    unread.bump('#broadcast');
    expect(store.saved.get('direct:bob')).toBe(500);
    await nextTurn();
    expect(reports).toEqual([{ counts: { 'direct:bob': 500, '#broadcast': 1 }, total: 501 }]);

    unread.markRead('direct:bob');
    await nextTurn();
    expect(reports.at(-1)).toEqual({ counts: { '#broadcast': 1 }, total: 1 });
    expect(reports).toHaveLength(2);
    expect(store.saved.has('direct:bob')).toBe(false);
  });
});
