import type { ChatMessage } from '../src-shared/api/index.js';

/**
 * The first of the last `unread` messages that count as unread (received, not a room's quiet line,
 * not a blocked placeholder), as the core counts them; the oldest such one when fewer are loaded.
 */
export function firstUnreadId(messages: readonly ChatMessage[], unread: number): string | undefined {
  let left = unread;
  let found: string | undefined;
  for (let i = messages.length - 1; i >= 0 && left > 0; i--) {
    const m = messages[i] as ChatMessage;
    if (m.direction !== 'in' || m.notice !== undefined || m.blocked === true) continue;
    found = m.id;
    left--;
  }
  return found;
}
