/**
 * What a UI without local history would show of a client's conversations: its `message` and
 * `message-updated` events, merged by the shared rules. Attach it before the messages come.
 */
import { keyOf, mergeMessages, type ChatMessage } from '../../src-shared/api/index.js';
import type { ParleyClient } from '../../src-main/client/parley-client.js';

export interface Transcript {
  /** A conversation's messages, oldest first (empty when none came). */
  messages(key: string): ChatMessage[];
  keys(): string[];
}

export function transcript(client: ParleyClient): Transcript {
  const byKey = new Map<string, ChatMessage[]>();
  client.on('message', ({ message }) => {
    const key = keyOf(message);
    byKey.set(key, mergeMessages(byKey.get(key) ?? [], [message]));
  });
  client.on('message-updated', ({ message, localId }) => {
    const key = keyOf(message);
    const list = byKey.get(key) ?? [];
    const index = list.findIndex((m) => m.direction === 'out' && (m.id === localId || m.id === message.id));
    byKey.set(key, index < 0 ? [...list, message] : list.map((m, i) => (i === index ? message : m)));
  });
  return {
    messages: (key) => byKey.get(key) ?? [],
    keys: () => [...byKey.keys()],
  };
}
