/**
 * What a desktop notification says for an app event, for the Electron shell and for the page in
 * browser mode alike (the Notification API there). Text from the network is untrusted: it is
 * reduced to one line of plain text, without control or bidi-override characters, and truncated.
 * On Linux the body is also escaped: Electron hands it to libnotify as is, and most notification
 * servers there read a markup subset in bodies (<a href>, <img>), which a message must not use.
 */
import type { ApiEventName, ApiEvents } from '../api/index.js';

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

/**
 * The body as the platform's notification service should receive it to show `text` literally
 * (`process.platform` in the shell; a browser's Notification API shows text as text: 'browser').
 */
export function bodyFor(text: string, platform: string): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The notification for an event, or undefined when the event deserves none. */
export function notificationFor<E extends ApiEventName>(
  event: E,
  payload: ApiEvents[E],
  platform: string,
): NotificationText | undefined {
  if (event === 'message') {
    const { message } = payload as ApiEvents['message'];
    if (message.direction !== 'in') return undefined;
    const from = plainText(message.from, NAME_MAX);
    const where =
      message.kind === 'broadcast'
        ? ' to everyone'
        : message.kind === 'private'
          ? ' (private chat)'
          : message.kind === 'room' && message.room !== undefined
            ? ` in #${plainText(message.room, NAME_MAX)}`
            : '';
    return {
      title: `${from}${where}`,
      body: bodyFor(plainText(message.text, NOTIFICATION_BODY_MAX), platform),
    };
  }
  if (event === 'private-request') {
    const request = payload as ApiEvents['private-request'];
    const from = plainText(request.from, NAME_MAX);
    return {
      title: 'Private chat request',
      body: bodyFor(`${from} wants to start a private chat with you.`, platform),
    };
  }
  return undefined;
}
