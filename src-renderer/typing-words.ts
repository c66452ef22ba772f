/** The typing line's words: one or two names, then "Several people" (as Slack says it). */
export type TypingWords =
  | { kind: 'none' }
  | { kind: 'one'; names: [string] }
  | { kind: 'two'; names: [string, string] }
  | { kind: 'several' };

export function typingWords(typists: readonly string[]): TypingWords {
  const [a, b] = typists;
  if (a === undefined) return { kind: 'none' };
  if (b === undefined) return { kind: 'one', names: [a] };
  if (typists.length === 2) return { kind: 'two', names: [a, b] };
  return { kind: 'several' };
}
