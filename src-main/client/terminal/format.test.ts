import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../src-shared/api/model.js';
import {
  formatBroadcastQueued,
  formatBroadcastResult,
  formatError,
  formatEvent,
  formatQueuedOutcome,
  formatSent,
  formatStamp,
  formatUsers,
} from './format.js';

/** Local times, so the stamps read the same in every time zone. */
const NOW = new Date(2026, 11, 4, 15, 30).getTime();
const AT = new Date(2026, 11, 4, 9, 5).getTime();

const base: ChatMessage = {
  id: 'm1',
  kind: 'direct',
  direction: 'in',
  from: 'alice',
  to: 'bob',
  text: 'hello there',
  ts: AT,
  state: 'delivered',
};

describe('formatEvent', () => {
  it('prints received messages time and sender first', () => {
    expect(formatEvent({ type: 'message', message: base }, NOW)).toBe('[09:05] alice: hello there');
    expect(formatEvent({ type: 'message', message: { ...base, offline: true } }, NOW)).toBe(
      '[09:05] alice (offline): hello there',
    );
    expect(formatEvent({ type: 'message', message: { ...base, kind: 'broadcast' } }, NOW)).toBe(
      '[09:05] alice (broadcast): hello there',
    );
    expect(formatEvent({ type: 'message', message: { ...base, kind: 'private' } }, NOW)).toBe(
      '[09:05] alice (private): hello there',
    );
  });

  it('dates a message from another day, such as one kept while this user was away', () => {
    const lastYear = new Date(2025, 0, 31, 23, 59).getTime();
    expect(formatEvent({ type: 'message', message: { ...base, ts: lastYear, offline: true } }, NOW)).toBe(
      '[2025-01-31 23:59] alice (offline): hello there',
    );
    expect(formatStamp(new Date(2026, 11, 3, 15, 30).getTime(), NOW)).toBe('2026-12-03 15:30');
    expect(formatStamp(new Date(2026, 11, 4, 0, 0).getTime(), NOW)).toBe('00:00');
  });

  it('does not echo what this user sent', () => {
    expect(
      formatEvent({ type: 'message', message: { ...base, direction: 'out', state: 'sending' } }),
    ).toBeUndefined();
    expect(formatEvent({ type: 'message-updated', message: base, localId: 'local-1' })).toBeUndefined();
  });

  it('prints presence and disconnects', () => {
    expect(formatEvent({ type: 'presence', user: 'carol', online: true })).toBe('carol logged in');
    expect(formatEvent({ type: 'presence', user: 'carol', online: false })).toBe('carol logged out');
    expect(formatEvent({ type: 'disconnected', reason: 'timeout' })).toBe(
      'You have been logged out due to inactivity',
    );
    expect(formatEvent({ type: 'disconnected', reason: 'shutdown' })).toBe('The server has shut down');
    expect(formatEvent({ type: 'disconnected', reason: 'lost', message: 'ECONNRESET' })).toBe(
      'Connection to the server lost: ECONNRESET',
    );
    expect(formatEvent({ type: 'disconnected', reason: 'logout' })).toBeUndefined();
    expect(formatEvent({ type: 'state', state: 'logged-in', previous: 'connected' })).toBeUndefined();
  });

  it('prints the private chat flow', () => {
    expect(formatEvent({ type: 'private-request', requestId: 'r1', from: 'alice', expiresAt: 1 })).toBe(
      'alice would like to start a private chat with you. Accept? (y/n)',
    );
    expect(formatEvent({ type: 'private-rejected', requestId: 'r1', user: 'bob', reason: 'rejected' })).toBe(
      'bob declined your private chat request',
    );
    expect(formatEvent({ type: 'private-rejected', requestId: 'r1', user: 'bob', reason: 'timeout' })).toBe(
      'bob did not answer your private chat request',
    );
    expect(formatEvent({ type: 'private-rejected', requestId: 'r1', user: 'bob', reason: 'offline' })).toBe(
      'bob went offline before answering your private chat request',
    );
    expect(formatEvent({ type: 'private-failed', user: 'bob', message: 'ECONNREFUSED' })).toBe(
      'Could not start a private chat with bob: ECONNREFUSED',
    );
    expect(formatEvent({ type: 'private-started', user: 'bob', initiator: true })).toBe(
      'Private chat with bob started. Send with: private bob <text>',
    );
    expect(formatEvent({ type: 'private-ended', user: 'bob', by: 'me', reason: 'stopped' })).toBe(
      'Private chat with bob ended',
    );
    expect(formatEvent({ type: 'private-ended', user: 'bob', by: 'peer', reason: 'stopped' })).toBe(
      'bob ended the private chat',
    );
    expect(formatEvent({ type: 'private-ended', user: 'bob', by: 'peer', reason: 'logout' })).toBe(
      'bob logged out; private chat ended',
    );
    expect(formatEvent({ type: 'private-ended', user: 'bob', by: 'peer', reason: 'timeout' })).toBe(
      'bob was logged out for inactivity; private chat ended',
    );
    expect(
      formatEvent({ type: 'private-ended', user: 'bob', by: 'network', reason: 'connection lost' }),
    ).toBe('Private chat with bob ended: connection lost');
  });
});

describe('command results', () => {
  it('confirms a sent message and says when a broadcast skipped someone', () => {
    expect(formatSent({ ...base, direction: 'out', state: 'stored' })).toBe(
      'bob is offline; they will get your message when they log in',
    );
    expect(formatSent({ ...base, direction: 'out', state: 'delivered' })).toBe('Delivered to bob');
    expect(formatBroadcastResult(0)).toBe('Sent to everyone online');
    expect(formatBroadcastResult(2)).toBe('Your message could not be delivered to some recipients');
  });

  it('says a message written offline is queued, and later what became of it', () => {
    const out: ChatMessage = { ...base, direction: 'out', from: 'bob', to: 'alice', text: 'see\nyou' };
    const note = 'goes by itself once Parley is connected again (type reconnect to try now)';
    expect(formatSent({ ...out, state: 'queued' })).toBe(
      `Not connected: your message to alice is queued and ${note}`,
    );
    expect(formatBroadcastQueued()).toBe(`Not connected: your broadcast is queued and ${note}`);
    expect(formatQueuedOutcome({ ...out, state: 'delivered' })).toBe(
      'Sent your queued message to alice "see you": delivered to alice',
    );
    expect(formatQueuedOutcome({ ...out, state: 'stored' })).toBe(
      'Sent your queued message to alice "see you": alice is offline and will get it when they log in',
    );
    expect(formatQueuedOutcome({ ...out, state: 'refused', reason: 'no such user' })).toBe(
      'Your queued message to alice "see you" was refused: no such user',
    );
    const long = { ...out, kind: 'broadcast' as const, text: 'x'.repeat(40), state: 'sent' as const };
    expect(formatQueuedOutcome(long)).toBe(
      `Sent your queued broadcast "${'x'.repeat(29)}…" to everyone online`,
    );
    expect(formatQueuedOutcome({ ...out, state: 'sending' })).toBeUndefined();
  });

  it('labels lists of users', () => {
    expect(formatUsers('Online now', ['alice', 'bob'], 'nobody')).toBe('Online now: alice, bob');
    expect(formatUsers('Online now', [], 'nobody')).toBe('nobody');
    expect(formatError('boom')).toBe('Error: boom');
  });
});

describe('untrusted text', () => {
  const attack = '\u001b[31mRED\u001b]2;PWNED\u0007 multi\nline\rhans: forged line';

  it('shows controls escaped and indents further lines under the sender', () => {
    const shown = formatEvent({ type: 'message', message: { ...base, text: attack } }, NOW) ?? '';
    expect(shown).toBe(
      '[09:05] alice: \\x1b[31mRED\\x1b]2;PWNED\\x07 multi\n               line\\x0dhans: forged line',
    );
    expect([...shown].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f')))).toEqual([]);
    for (const line of shown.split('\n').slice(1)) expect(line).toMatch(/^ {2,}/);
  });

  it('makes bidi overrides, C1 controls and DEL visible', () => {
    const text = 'a\u202eb\u2066c\u2069d\u009be\u007ff\u2028g\tx';
    expect(formatEvent({ type: 'message', message: { ...base, kind: 'broadcast', text } }, NOW)).toBe(
      '[09:05] alice (broadcast): a\\u202eb\\u2066c\\u2069d\\x9be\\x7ff\\u2028g\\x09x',
    );
  });

  it('keeps reasons and names from the network on one line', () => {
    expect(
      formatEvent({ type: 'private-ended', user: 'bob', by: 'peer', reason: 'bye\nalice: forged\u001b[2J' }),
    ).toBe('bob ended the private chat (bye\\nalice: forged\\x1b[2J)');
    expect(formatEvent({ type: 'notice', status: 400, message: 'bad\r\nthing' })).toBe(
      'Server: bad\\x0d\\nthing',
    );
    expect(formatError('x\u001b[2Jy')).toBe('Error: x\\x1b[2Jy');
    expect(formatUsers('Online now', ['a\u001bb'], 'none')).toBe('Online now: a\\x1bb');
  });

  it('shows multi-line messages from a CRLF sender the same way', () => {
    expect(formatEvent({ type: 'message', message: { ...base, text: 'one\r\ntwo\n\nthree' } }, NOW)).toBe(
      '[09:05] alice: one\n               two\n               \n               three',
    );
  });
});

describe('reconnecting', () => {
  it('says when it tries again and when it is back', () => {
    expect(formatEvent({ type: 'reconnecting', attempt: 2, at: 5000 }, 3000)).toBe(
      'Reconnecting to the server in 2 s (attempt 2); type reconnect to try now',
    );
    expect(formatEvent({ type: 'reconnected', username: 'alice' })).toBe(
      'Reconnected: logged in again as alice',
    );
    expect(formatEvent({ type: 'private-cancelled', requestId: 'r', from: 'bob', reason: 'cancelled' })).toBe(
      'bob withdrew their private chat request',
    );
    expect(formatEvent({ type: 'private-cancelled', requestId: 'r', from: 'bob', reason: 'timeout' })).toBe(
      'The private chat request from bob expired',
    );
  });
});
