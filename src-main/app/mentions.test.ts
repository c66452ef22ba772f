/** What counts as mentioning a user in a room message, and what notifies in a muted conversation. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { ConversationService, mentions } from './conversation-service.js';
import { LocalHistory } from './history.js';
import { withMute } from './mutes.js';

describe('mentions', () => {
  it('finds @name as a word, not inside a longer name or an address', () => {
    expect(mentions('hi @bob', 'bob')).toBe(true);
    expect(mentions('@bob, look', 'bob')).toBe(true);
    expect(mentions('(@bob)', 'bob')).toBe(true);
    expect(mentions('hi @bobby', 'bob')).toBe(false);
    expect(mentions('mail bob@bob.example', 'bob')).toBe(false);
    expect(mentions('hi bob', 'bob')).toBe(false);
    expect(mentions('hi @b.o', 'b.o')).toBe(true);
    expect(mentions('hi @bxo', 'b.o')).toBe(false);
  });
});

describe('notifications of a muted conversation', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function service(muted: () => readonly string[], account = 'this-computer/bob') {
    const dir = mkdtempSync(join(tmpdir(), 'parley-mute-'));
    dirs.push(dir);
    const history = new LocalHistory(join(dir, 'history.sqlite'));
    return new ConversationService(
      history,
      () => account,
      () => undefined,
      { muted },
    );
  }

  const inRoom = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    id: `m-${text}`,
    kind: 'room',
    room: 'team',
    direction: 'in',
    from: 'alice',
    text,
    ts: 1,
    state: 'delivered',
    seq: 2,
    ...extra,
  });

  it('notifies of every message until muted, then only of mentions of this user', () => {
    let list: string[] = [];
    const conversations = service(() => list);
    expect(conversations.notifies(inRoom('lunch?'))).toBe(true);
    list = withMute(list, 'this-computer/bob', 'room:team', true);
    expect(conversations.isMuted('room:team')).toBe(true);
    expect(conversations.conversation('room:team').muted).toBe(true);
    expect(conversations.notifies(inRoom('lunch?'))).toBe(false);
    expect(conversations.notifies(inRoom('@bob lunch?'))).toBe(true);
    expect(conversations.notifies(inRoom('@bobby lunch?'))).toBe(false);
    list = withMute(list, 'this-computer/bob', 'room:team', false);
    expect(conversations.notifies(inRoom('lunch?'))).toBe(true);
  });

  it("never notifies of the user's own messages or quiet lines; another account's mute is not this one's", () => {
    const conversations = service(() => withMute([], 'this-computer/carol', 'room:team', true));
    expect(conversations.isMuted('room:team')).toBe(false);
    expect(conversations.notifies(inRoom('hi', { direction: 'out', from: 'bob' }))).toBe(false);
    expect(conversations.notifies(inRoom('', { notice: { type: 'topic', topic: 'x' } }))).toBe(false);
    expect(conversations.notifies(inRoom('hi'))).toBe(true);
  });
});
