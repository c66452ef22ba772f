/**
 * Whether a message's text mentions a user: `@name` as a whole word, in any case (names are
 * unique regardless of case). One rule for counting (the app core) and highlighting (the UI).
 */
const NAME_CHAR = /[A-Za-z0-9_.-]/;

/** Where `@user` stands in `text` as a mention: [start, end) pairs, in order. */
export function mentionRanges(text: string, user: string): [number, number][] {
  if (user === '') return [];
  const lower = text.toLowerCase();
  const needle = `@${user.toLowerCase()}`;
  const found: [number, number][] = [];
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : (text[at - 1] ?? '');
    const after = text[at + needle.length] ?? '';
    // "@bob." ends a sentence; "@bob.smith" is another name.
    const afterIsName =
      NAME_CHAR.test(after) && !(after === '.' && !NAME_CHAR.test(text[at + needle.length + 1] ?? ''));
    if (!NAME_CHAR.test(before) && !afterIsName) found.push([at, at + needle.length]);
  }
  return found;
}

export function mentions(text: string, user: string): boolean {
  return mentionRanges(text, user).length > 0;
}
