/**
 * What the user typed into the search box, as an FTS5 query that can't be a syntax error: every
 * word quoted (so `AND`, `-`, `:` and quotes are just text), all of them required, the last one a
 * prefix because the user is still typing it. Undefined when nothing searchable is left.
 */
const WORD = /[\p{L}\p{N}]/u;

export function ftsQuery(typed: string): string | undefined {
  const words = typed.split(/\s+/).filter((word) => WORD.test(word));
  if (words.length === 0) return undefined;
  return words
    .map((word, i) => {
      const quoted = `"${word.replaceAll('"', '""')}"`;
      return i === words.length - 1 ? `${quoted}*` : quoted;
    })
    .join(' ');
}
