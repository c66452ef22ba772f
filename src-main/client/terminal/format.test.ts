import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../chat-model.js';
import { formatBroadcastResult, formatError, formatEvent, formatSent, formatUsers } from './format.js';

const base: ChatMessage = {
  id: 'm1',
  kind: 'direct',
  direction: 'in',
  from: 'alice',
  to: 'bob',
  text: 'hello there',
  ts: 1,
  state: 'delivered',
};

describe('formatEvent', () => {
  it('prints received messages sender first', () => {
    expect(formatEvent({ type: 'message', message: base })).toBe('alice: hello there');
    expect(formatEvent({ type: 'message', message: { ...base, offline: true } })).toBe(
      'alice (offline): hello there',
    );
    expect(formatEvent({ type: 'message', message: { ...base, kind: 'broadcast' } })).toBe(
      'alice (broadcast): hello there',
    );
    expect(formatEvent({ type: 'message', message: { ...base, kind: 'private' } })).toBe(
      'alice (private): hello there',
    );
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
    expect(formatEvent({ type: 'private-request', requestId: 'r1', from: 'alice' })).toBe(
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
  it('says when a message was stored or a broadcast skipped someone', () => {
    expect(formatSent({ ...base, direction: 'out', state: 'stored' })).toBe(
      'bob is offline; they will get your message when they log in',
    );
    expect(formatSent({ ...base, direction: 'out', state: 'delivered' })).toBeUndefined();
    expect(formatBroadcastResult(0)).toBeUndefined();
    expect(formatBroadcastResult(2)).toBe('Your message could not be delivered to some recipients');
  });

  it('lists users one a line', () => {
    expect(formatUsers(['alice', 'bob'], 'nobody')).toEqual(['alice', 'bob']);
    expect(formatUsers([], 'nobody')).toEqual(['nobody']);
    expect(formatError('boom')).toBe('Error: boom');
  });
});
