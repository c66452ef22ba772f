import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';
import { LocalHistory } from './history.js';

let dir: string;
let history: LocalHistory;

const incoming = (id: string, from = 'bob', text = 'hi'): ChatMessage => ({
  id,
  kind: 'direct',
  direction: 'in',
  from,
  to: 'alice',
  text,
  ts: 1000,
  state: 'delivered',
  seq: 1,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-history-'));
  history = new LocalHistory(join(dir, 'history.sqlite'));
});

afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('local history', () => {
  it('stores a received message once per owner: a redelivery is recognised', () => {
    expect(history.saveIncoming('alice', incoming('m1'))).toBe(true);
    expect(history.saveIncoming('alice', incoming('m1'))).toBe(false);
    expect(history.saveIncoming('carol', incoming('m1'))).toBe(true);
    // Another peer's message can't be shadowed by reusing its id.
    expect(history.saveIncoming('alice', incoming('m1', 'mallory'))).toBe(true);
    expect(history.allMessages('alice', 'direct:bob')).toEqual([incoming('m1')]);
  });

  it('keeps owners apart', () => {
    history.saveIncoming('alice', incoming('m1', 'bob', 'for alice'));
    history.saveIncoming('carol', incoming('m2', 'dave', 'for carol'));
    expect(history.conversationKeys('alice')).toEqual(['direct:bob']);
    expect(history.conversationKeys('carol')).toEqual(['direct:dave']);
    expect(history.allMessages('carol', 'direct:bob')).toEqual([]);
  });

  it('follows a sent message from sending to its final state and server id', () => {
    const pending: ChatMessage = {
      id: 'local-1',
      kind: 'direct',
      direction: 'out',
      from: 'alice',
      to: 'bob',
      text: 'yo',
      ts: 5,
      state: 'sending',
    };
    history.saveOwn('alice', pending);
    history.updateOwn('alice', { ...pending, id: 'srv-9', ts: 6, state: 'stored' }, 'local-1');
    expect(history.allMessages('alice', 'direct:bob')).toEqual([
      { ...pending, id: 'srv-9', ts: 6, state: 'stored' },
    ]);
  });

  it('marks own messages an earlier run left sending as failed, and survives reopening', () => {
    history.saveOwn('alice', {
      id: 'local-1',
      kind: 'broadcast',
      direction: 'out',
      from: 'alice',
      text: 'anyone?',
      ts: 5,
      state: 'sending',
    });
    history.close();
    history = new LocalHistory(join(dir, 'history.sqlite'));
    history.retireEarlierRun('alice');
    const [message] = history.allMessages('alice', '#broadcast');
    expect(message).toMatchObject({
      state: 'failed',
      text: 'anyone?',
      reason: 'the app closed before an answer',
    });
    expect(message?.id).toMatch(/^earlier-\d+$/);
  });

  it('gives the most recent messages of a conversation, oldest first', () => {
    for (let i = 1; i <= 5; i++) history.saveIncoming('alice', incoming(`m${i}`, 'bob', `n${i}`));
    expect(history.recentMessages('alice', 'direct:bob', 2).map((m) => m.text)).toEqual(['n4', 'n5']);
  });
});
