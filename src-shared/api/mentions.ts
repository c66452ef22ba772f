/**
 * Whether a message's text mentions a user: `@name` as a whole word, in any case (names are
 * unique regardless of case). One rule for counting (the app core) and highlighting (the UI).
 */
const NAME_CHAR = /[A-Za-z0-9_.-]/;

export function mentions(text: string, user: string): boolean {
  if (user === '') return false;
  const lower = text.toLowerCase();
  const needle = `@${user.toLowerCase()}`;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
    const before = at === 0 ? '' : (text[at - 1] ?? '');
    const after = text[at + needle.length] ?? '';
    // "@bob." ends a sentence; "@bob.smith" is another name.
    const afterIsName =
      NAME_CHAR.test(after) && !(after === '.' && !NAME_CHAR.test(text[at + needle.length + 1] ?? ''));
    if (!NAME_CHAR.test(before) && !afterIsName) return true;
  }
  return false;
}
