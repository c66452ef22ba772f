/**
 * Which actions a message offers and the words that name them: pure, so the rules are tested
 * without a page. Relations need the server's id, so a message still on its way offers none.
 */
import type { ApiError, ChatMessage } from '../src-shared/api/index.js';
import { formatTime } from './format.js';
import { visibleText } from './visible-text.js';

/** The row of common emoji the picker offers (Slack's and Element's defaults, roughly). */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '✅'] as const;

const SETTLED: ReadonlySet<ChatMessage['state']> = new Set(['sent', 'delivered', 'stored', 'read']);

/** A message the server knows and that still has content: it can be replied to and reacted to. */
export function isActionable(m: ChatMessage): boolean {
  return (
    m.notice === undefined &&
    m.deleted !== true &&
    m.blocked !== true &&
    (m.kind === 'direct' || m.kind === 'room') &&
    (m.direction === 'in' || SETTLED.has(m.state))
  );
}

/** Own and actionable: it can be edited and deleted. */
export function isOwnEditable(m: ChatMessage): boolean {
  return m.direction === 'out' && isActionable(m);
}

/** The newest own message the Up arrow edits (Slack's rule), if any. */
export function lastOwnEditable(messages: readonly ChatMessage[]): ChatMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as ChatMessage;
    if (isOwnEditable(m)) return m;
  }
  return undefined;
}

/** "alice's message at 10:42: Lunch at noon?" / "your message at 10:42: …" (its start tells
 * apart two messages of one minute). */
export function messageName(m: ChatMessage): string {
  const who = m.direction === 'out' ? 'your' : `${visibleText(m.from)}'s`;
  return `${who} message at ${formatTime(m.ts)}: ${snippet(m.text, 40)}`;
}

/** A one-line start of a message for a quote: visible text, whitespace folded, cut at `max`. */
export function snippet(text: string, max = 80): string {
  const flat = visibleText(text.replace(/\s+/g, ' ').trim());
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** "👍 2: alice, bob. Press to remove yours" (or "…to add yours"). */
export function reactionLabel(emoji: string, users: readonly string[], me: string | undefined): string {
  const names = users.map((u) => visibleText(u)).join(', ');
  const mine = me !== undefined && users.includes(me);
  return `${visibleText(emoji)} ${users.length}: ${names}. Press to ${mine ? 'remove' : 'add'} yours`;
}

export type MessageAction = 'edit' | 'delete' | 'react';

const verbs: Record<MessageAction, string> = { edit: 'edited', delete: 'deleted', react: 'reacted to' };

/** Why an action did not go, in words: "It could not be edited: only the author edits a message." */
export function actionErrorWords(action: MessageAction, error: ApiError): string {
  const what = `It could not be ${verbs[action]}`;
  if (error.status === 404) return `${what}: that message was deleted or is no longer there.`;
  if (error.code === 'unavailable') return `${what}: Parley is not connected.`;
  const reason = visibleText(error.message).replace(/\.$/, '');
  return `${what}: ${reason === '' ? 'the server refused it' : reason}.`;
}
