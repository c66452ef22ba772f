/**
 * What the user typed into the search box, as an FTS5 query that can't be a syntax error: every
 * word quoted (so `AND`, `-`, `:` and quotes are just text), all of them required, each a prefix
 * (the user may still be typing any of them). Undefined when nothing searchable is left.
 */
const WORD = /[\p{L}\p{N}]/u;

export function ftsQuery(typed: string): string | undefined {
  const words = typed.split(/\s+/).filter((word) => WORD.test(word));
  if (words.length === 0) return undefined;
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ');
}
