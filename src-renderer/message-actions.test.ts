import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../src-shared/api/index.js';
import {
  actionErrorWords,
  isActionable,
  isOwnEditable,
  lastOwnEditable,
  messageName,
  reactionLabel,
  snippet,
} from './message-actions.js';

function msg(over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 'm1',
    kind: 'direct',
    direction: 'in',
    from: 'alice',
    to: 'bob',
    text: 'Lunch at noon?',
    ts: new Date(2026, 11, 4, 10, 42).getTime(),
    state: 'delivered',
    ...over,
  };
}

describe('which messages offer actions', () => {
  it('offers them on settled direct and room messages only', () => {
    expect(isActionable(msg())).toBe(true);
    expect(isActionable(msg({ kind: 'room', room: 'team' }))).toBe(true);
    expect(isActionable(msg({ kind: 'broadcast' }))).toBe(false);
    expect(isActionable(msg({ kind: 'private' }))).toBe(false);
    expect(isActionable(msg({ deleted: true, text: '' }))).toBe(false);
    expect(isActionable(msg({ blocked: true }))).toBe(false);
    expect(isActionable(msg({ notice: { type: 'topic', topic: 'x' } }))).toBe(false);
    // Still on its way: no server id yet, so nothing can name it.
    for (const state of ['queued', 'sending', 'failed', 'refused'] as const)
      expect(isActionable(msg({ direction: 'out', state }))).toBe(false);
    expect(isActionable(msg({ direction: 'out', state: 'stored' }))).toBe(true);
  });

  it('lets only own messages be edited, and Up arrow takes the newest of them', () => {
    expect(isOwnEditable(msg())).toBe(false);
    expect(isOwnEditable(msg({ direction: 'out', from: 'bob' }))).toBe(true);
    const list = [
      msg({ id: 'a', direction: 'out' }),
      msg({ id: 'b', direction: 'out' }),
      msg({ id: 'c', direction: 'out', deleted: true, text: '' }),
      msg({ id: 'd', direction: 'out', state: 'sending' }),
      msg({ id: 'e' }),
    ];
    expect(lastOwnEditable(list)?.id).toBe('b');
    expect(lastOwnEditable([msg()])).toBeUndefined();
  });
});

describe('the words of message actions', () => {
  it('names a message by author, time and its start', () => {
    expect(messageName(msg())).toMatch(/^alice's message at .+: Lunch at noon\?$/);
    expect(messageName(msg({ direction: 'out' }))).toMatch(/^your message at /);
  });

  it('quotes one line, cut, with control and bidi characters made visible', () => {
    expect(snippet('a\n\n  b')).toBe('a b');
    expect(snippet('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(snippet('\u202eevil')).not.toContain('\u202e');
    expect(snippet('\u001b[31mred')).not.toContain('\u001b');
  });

  it('says the count, who reacted and what pressing does', () => {
    expect(reactionLabel('👍', ['alice', 'bob'], 'bob')).toBe('👍 2: alice, bob. Press to remove yours');
    expect(reactionLabel('👍', ['alice'], 'bob')).toBe('👍 1: alice. Press to add yours');
  });

  it('puts the server’s refusals in words', () => {
    expect(actionErrorWords('edit', { code: 'refused', status: 404, message: 'no such message' })).toBe(
      'It could not be edited: that message was deleted or is no longer there.',
    );
    expect(
      actionErrorWords('delete', {
        code: 'refused',
        status: 403,
        message: 'only the author or the owner deletes a message',
      }),
    ).toBe('It could not be deleted: only the author or the owner deletes a message.');
    expect(actionErrorWords('react', { code: 'unavailable', message: 'x' })).toBe(
      'It could not be reacted to: Parley is not connected.',
    );
    expect(actionErrorWords('react', { code: 'refused', status: 403, message: 'bad\u202e.' })).not.toContain(
      '\u202e',
    );
  });
});
