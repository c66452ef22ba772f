import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src-shared/api/index.js';
import {
  NOTIFICATION_BODY_MAX,
  bodyFor,
  notificationFor,
  plainText,
} from '../../src-main/shell/notification-text.js';

const message = (change: Partial<ChatMessage>): ChatMessage => ({
  id: '1',
  kind: 'direct',
  direction: 'in',
  from: 'alice',
  to: 'bob',
  text: 'hello',
  ts: 0,
  state: 'delivered',
  ...change,
});

describe('plainText', () => {
  it('flattens lines and strips control and bidi-override characters', () => {
    expect(plainText('a\nb\r\n\tc\u0007d', 50)).toBe('a b c d');
    expect(plainText('evil\u202Egnp.exe', 50)).toBe('evil gnp.exe');
    expect(plainText('zero\u200Bwidth\uFEFF', 50)).toBe('zero width');
  });

  it('truncates by characters with an ellipsis, never splitting a surrogate pair', () => {
    expect(plainText('x'.repeat(10), 5)).toBe('xxxx…');
    const emoji = '😀'.repeat(10);
    const cut = plainText(emoji, 5);
    expect(Array.from(cut)).toHaveLength(5);
    expect(cut).toBe('😀😀😀😀…');
  });

  it('leaves markup as literal text (a notification shows no markup)', () => {
    expect(plainText('<b>hi</b> &amp;', 50)).toBe('<b>hi</b> &amp;');
  });
});

describe('bodyFor', () => {
  it('escapes markup for Linux notification servers and leaves other platforms literal', () => {
    const text = '<a href="https://evil.example">win</a> & <img src=x>';
    expect(bodyFor(text, 'linux')).toBe(
      '&lt;a href="https://evil.example"&gt;win&lt;/a&gt; &amp; &lt;img src=x&gt;',
    );
    expect(bodyFor(text, 'darwin')).toBe(text);
    expect(bodyFor(text, 'win32')).toBe(text);
  });

  it('is applied to message bodies', () => {
    expect(notificationFor('message', { message: message({ text: '<b>hi</b>' }) }, 'linux')?.body).toBe(
      '&lt;b&gt;hi&lt;/b&gt;',
    );
  });
});

describe('notificationFor', () => {
  it('notifies received direct, broadcast and private messages with a bounded body', () => {
    const long = notificationFor('message', { message: message({ text: 'y'.repeat(1000) }) }, 'darwin');
    expect(long?.title).toBe('alice');
    expect(Array.from(long!.body).length).toBe(NOTIFICATION_BODY_MAX);
    expect(
      notificationFor('message', { message: message({ kind: 'broadcast', to: undefined }) })?.title,
    ).toBe('alice to everyone');
    expect(notificationFor('message', { message: message({ kind: 'private' }) })?.title).toBe(
      'alice (private chat)',
    );
    expect(
      notificationFor('message', { message: message({ kind: 'room', to: undefined, room: 'team' }) })?.title,
    ).toBe('alice in #team');
  });

  it('stays quiet for messages this user sent and for other events', () => {
    expect(notificationFor('message', { message: message({ direction: 'out' }) })).toBeUndefined();
    expect(notificationFor('presence', { user: 'alice', online: true })).toBeUndefined();
  });

  it('announces a private-chat request by name', () => {
    const text = notificationFor('private-request', { requestId: 'r1', from: 'carol', expiresAt: 1 });
    expect(text).toEqual({
      title: 'Private chat request',
      body: 'carol wants to start a private chat with you.',
    });
  });
});
