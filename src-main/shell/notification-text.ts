/**
 * What a desktop notification says for an app event. Text from the network is untrusted: it is
 * reduced to one line of plain text, without control or bidi-override characters, and truncated.
 */
import type { ApiEventName, ApiEvents } from '../../src-shared/api/index.js';

export const NOTIFICATION_BODY_MAX = 140;
const NAME_MAX = 32;

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

// C0/C1 controls, and the Unicode format characters that reorder or hide text.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** One line of plain text, at most `max` characters (an ellipsis marks a cut). */
export function plainText(untrusted: string, max: number): string {
  const line = untrusted.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

/** The notification for an event, or undefined when the event deserves none. */
export function notificationFor<E extends ApiEventName>(
  event: E,
  payload: ApiEvents[E],
): NotificationText | undefined {
  if (event === 'message') {
    const { message } = payload as ApiEvents['message'];
    if (message.direction !== 'in') return undefined;
    const from = plainText(message.from, NAME_MAX);
    const where =
      message.kind === 'broadcast' ? ' to everyone' : message.kind === 'private' ? ' (private chat)' : '';
    return { title: `${from}${where}`, body: plainText(message.text, NOTIFICATION_BODY_MAX) };
  }
  if (event === 'private-request') {
    const request = payload as ApiEvents['private-request'];
    const from = plainText(request.from, NAME_MAX);
    return { title: 'Private chat request', body: `${from} wants to start a private chat with you.` };
  }
  return undefined;
}
