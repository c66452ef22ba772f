/**
 * A sidebar item's unread state in words and as its badges: the unread count, the mentions among
 * them, and a muted conversation's quiet (no count, only mentions).
 */
export interface UnreadState {
  readonly unread: number;
  readonly mentions: number;
  readonly muted: boolean;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The accessible name: "Room #design, 3 unread, 1 mention"; a muted one "…, muted, 1 mention". */
export function unreadLabel(label: string, state: UnreadState): string {
  const parts = [label];
  if (state.muted) parts.push('muted');
  else if (state.unread > 0) parts.push(`${state.unread} unread`);
  if (state.mentions > 0) parts.push(plural(state.mentions, 'mention', 'mentions'));
  return parts.join(', ');
}

/** The count badge shows (not muted, something unread). */
export function showsCount(state: UnreadState): boolean {
  return !state.muted && state.unread > 0;
}

export function badgeNumber(n: number): string {
  return n > 99 ? '99+' : String(n);
}
