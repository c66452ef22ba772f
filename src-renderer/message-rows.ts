/**
 * A conversation's messages as the rows of its list: a separator at each new day, and each
 * message marked as the first or last of its group (same sender, same day, within five minutes).
 */
import type { ChatMessage } from '../src-shared/api/index.js';
import { dayKey, formatDay } from './format.js';

export const GROUP_MS = 5 * 60 * 1000;

export type Row =
  | { type: 'day'; key: string; label: string }
  | {
      type: 'msg';
      key: string;
      message: ChatMessage;
      first: boolean;
      last: boolean;
      /** The next message of the group is mine in the same delivery state: say it once, there. */
      quiet: boolean;
    };

function sameGroup(a: ChatMessage | undefined, b: ChatMessage | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    // A room's join or leave line is no message: the next one starts its own group.
    a.notice === undefined &&
    b.notice === undefined &&
    a.from === b.from &&
    a.direction === b.direction &&
    b.ts - a.ts < GROUP_MS &&
    dayKey(a.ts) === dayKey(b.ts)
  );
}

export function toRows(messages: ChatMessage[]): Row[] {
  const rows: Row[] = [];
  let prev: ChatMessage | undefined;
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i] as ChatMessage;
    const next = messages[i + 1];
    const day = dayKey(m.ts);
    if (!prev || dayKey(prev.ts) !== day)
      rows.push({ type: 'day', key: `day-${day}-${i}`, label: formatDay(m.ts) });
    const last = !sameGroup(m, next);
    const quiet = !last && m.direction === 'out' && next?.state === m.state && next.reason === m.reason;
    rows.push({ type: 'msg', key: m.id, message: m, first: !sameGroup(prev, m), last, quiet });
    prev = m;
  }
  return rows;
}
