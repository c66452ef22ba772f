/**
 * "Last seen 12 min ago" from what the server tells: `whoelsesince` only answers who was online in
 * the past N seconds, so each answer bounds when an offline person was last there (in the window:
 * at most N seconds ago; missing from it: longer ago). A ladder of windows narrows that to a
 * range, and a `presence` going offline while we watch gives the exact moment.
 */

/** The person was last online at some moment in [earliest, latest] (ms, local clock). */
export interface SeenBounds {
  readonly earliest: number;
  readonly latest: number;
}

/** The windows asked at each login (seconds): ranges stay short where people care most. */
export const SEEN_LADDER = [5 * 60, 15 * 60, 3600, 3 * 3600, 86_400, 7 * 86_400] as const;

export interface WindowAnswer {
  readonly seconds: number;
  readonly users: readonly string[];
  /** When it was answered (ms, local clock). */
  readonly at: number;
}

/** What all the answers kept (the latest per window) say about everyone offline now. */
export function seenBounds(
  answers: readonly WindowAnswer[],
  online: ReadonlySet<string>,
): Record<string, SeenBounds> {
  // The widest window first: it names the most people, whom the narrower ones then bound.
  const widestFirst = [...answers].sort((a, b) => b.seconds - a.seconds);
  return widestFirst.reduce<Record<string, SeenBounds>>(
    (bounds, answer) => applyWindow(bounds, answer, online),
    {},
  );
}

/**
 * Bounds after one whoelsesince answer, asked at `at`: those in it were there `seconds` ago or
 * later, the known ones missing from it longer ago. People online now are not "last seen".
 */
export function applyWindow(
  bounds: Readonly<Record<string, SeenBounds>>,
  answer: WindowAnswer,
  online: ReadonlySet<string>,
): Record<string, SeenBounds> {
  const edge = answer.at - answer.seconds * 1000;
  const inWindow = new Set(answer.users);
  const next: Record<string, SeenBounds> = {};
  for (const [user, b] of Object.entries(bounds)) {
    if (online.has(user)) continue;
    next[user] = inWindow.has(user)
      ? { earliest: Math.max(b.earliest, edge), latest: b.latest }
      : { earliest: b.earliest, latest: Math.min(b.latest, edge) };
  }
  for (const user of inWindow) {
    if (online.has(user) || next[user]) continue;
    next[user] = { earliest: edge, latest: answer.at };
  }
  // Answers asked at different moments can disagree by a little: never an empty range.
  for (const [user, b] of Object.entries(next))
    if (b.earliest > b.latest) next[user] = { earliest: b.latest, latest: b.latest };
  return next;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(ms: number): { n: number; name: string } {
  if (ms < HOUR) return { n: Math.max(1, Math.round(ms / MINUTE)), name: 'min' };
  if (ms < DAY) {
    const n = Math.round(ms / HOUR);
    return n === 24 ? { n: 1, name: 'day' } : { n, name: n === 1 ? 'hour' : 'hours' };
  }
  const n = Math.round(ms / DAY);
  return { n, name: n === 1 ? 'day' : 'days' };
}

function words(ms: number): string {
  const { n, name } = unit(ms);
  return `${n} ${name}`;
}

/** "last seen 12 min ago", "last seen 15 min – 1 hour ago", "last seen less than 5 min ago". */
export function lastSeenWords(bounds: SeenBounds, now: number): string {
  const newest = Math.max(0, now - bounds.latest);
  const oldest = Math.max(newest, now - bounds.earliest);
  if (oldest < MINUTE) return 'last seen just now';
  const a = unit(newest);
  const b = unit(oldest);
  if (oldest - newest < 2 * MINUTE || (a.n === b.n && a.name === b.name))
    return `last seen ${words(oldest)} ago`;
  if (newest < MINUTE) return `last seen less than ${words(oldest)} ago`;
  if (
    a.name === b.name ||
    (a.name === 'hour' && b.name === 'hours') ||
    (a.name === 'day' && b.name === 'days')
  )
    return `last seen ${a.n}–${b.n} ${b.name} ago`;
  return `last seen ${words(newest)} – ${words(oldest)} ago`;
}
