import { describe, expect, it } from 'vitest';
import { badgeNumber, showsCount, unreadLabel } from './unread-words.js';

describe('unreadLabel', () => {
  it('says the unread count and the mentions among them', () => {
    expect(unreadLabel('Room #design', { unread: 3, mentions: 1, muted: false })).toBe(
      'Room #design, 3 unread, 1 mention',
    );
    expect(unreadLabel('Room #design', { unread: 3, mentions: 2, muted: false })).toBe(
      'Room #design, 3 unread, 2 mentions',
    );
    expect(unreadLabel('Chat with bob', { unread: 0, mentions: 0, muted: false })).toBe('Chat with bob');
  });

  it('counts only mentions in a muted conversation', () => {
    expect(unreadLabel('Room #design', { unread: 3, mentions: 0, muted: true })).toBe('Room #design, muted');
    expect(unreadLabel('Room #design', { unread: 3, mentions: 1, muted: true })).toBe(
      'Room #design, muted, 1 mention',
    );
    expect(showsCount({ unread: 3, mentions: 1, muted: true })).toBe(false);
    expect(showsCount({ unread: 3, mentions: 0, muted: false })).toBe(true);
  });

  it('caps the badge at 99+', () => {
    expect(badgeNumber(7)).toBe('7');
    expect(badgeNumber(120)).toBe('99+');
  });
});
