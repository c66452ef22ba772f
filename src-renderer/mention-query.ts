/**
 * The `@name` being typed at the caret, and what completing it gives: the composer's mention
 * autocomplete is this plus a list. An `@` counts only at the start or after a space or an
 * opening bracket (an address like bob@host is not a mention).
 */
const NAME_CHARS = /^[A-Za-z0-9_.-]*$/;
const BEFORE_AT = /[\s([{"']/;

export interface MentionQuery {
  /** Where the `@` is. */
  readonly start: number;
  /** What follows it up to the caret. */
  readonly typed: string;
}

export function mentionQueryAt(text: string, caret: number): MentionQuery | undefined {
  const at = text.lastIndexOf('@', caret - 1);
  if (at < 0) return undefined;
  const typed = text.slice(at + 1, caret);
  if (!NAME_CHARS.test(typed) || typed.length > 32) return undefined;
  if (at > 0 && !BEFORE_AT.test(text[at - 1] ?? '')) return undefined;
  return { start: at, typed };
}

/** Candidates whose name starts with what was typed (any case), then those that contain it. */
export function matchingNames(names: readonly string[], typed: string, max = 8): string[] {
  const t = typed.toLowerCase();
  const starts = names.filter((n) => n.toLowerCase().startsWith(t));
  const contains = names.filter((n) => !n.toLowerCase().startsWith(t) && n.toLowerCase().includes(t));
  return [...starts, ...contains].slice(0, max);
}

/** The text with the query replaced by `@name ` and where the caret goes after it. */
export function completeMention(
  text: string,
  caret: number,
  query: MentionQuery,
  name: string,
): { text: string; caret: number } {
  const rest = text.slice(caret);
  const inserted = `@${name}${rest.startsWith(' ') ? '' : ' '}`;
  const next = text.slice(0, query.start) + inserted + rest;
  return { text: next, caret: query.start + inserted.length + (rest.startsWith(' ') ? 1 : 0) };
}
