/** Who has read a room message, from every source the UI has, each name once, and how to say it. */

export interface ReadSources {
  /** The message's own fold (receipts kept in local history). */
  readBy: readonly string[] | undefined;
  /** Read positions heard live (`[read]`) and listed by `[roommembers]`, by member. */
  positions: readonly (Readonly<Record<string, number>> | undefined)[];
}

export function seenBy(seq: number, author: string, sources: ReadSources): string[] {
  const names = new Set(sources.readBy ?? []);
  for (const positions of sources.positions)
    for (const [user, upTo] of Object.entries(positions ?? {})) if (upTo >= seq) names.add(user);
  names.delete(author);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** "bob", "bob and carol", "bob, carol and dan". */
export function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
