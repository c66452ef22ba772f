import { describe, expect, it } from 'vitest';
import { noticeWords } from './room-notice.js';

describe('noticeWords', () => {
  it('says who joined, left or was removed, and by whom', () => {
    expect(noticeWords({ type: 'member', user: 'bob', change: 'join' })).toBe('bob joined');
    expect(noticeWords({ type: 'member', user: 'bob', change: 'leave' })).toBe('bob left');
    expect(noticeWords({ type: 'member', user: 'bob', change: 'kick', by: 'alice' })).toBe(
      'bob was removed by alice',
    );
  });

  it('gives the new topic, or only that it changed when the setter is blocked', () => {
    expect(noticeWords({ type: 'topic', topic: 'Lunch' })).toBe('Topic: Lunch');
    expect(noticeWords({ type: 'topic' })).toBe('The topic changed');
  });
});
