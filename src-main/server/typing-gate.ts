/**
 * Typing is forwarded at most once per second per sender and conversation (protocol 1.2): more
 * `true`s are answered 200 and dropped; a `false` always goes through and ends the pair's entry.
 */
export const TYPING_FORWARD_MS = 1000;

export class TypingGate {
  private readonly last = new Map<string, number>();

  /** Whether to forward this typing frame; `conversation` is the recipient's name or `#room`. */
  pass(from: string, conversation: string, active: boolean, now: number): boolean {
    const key = `${from}\n${conversation}`;
    if (!active) {
      this.last.delete(key);
      return true;
    }
    const before = this.last.get(key);
    if (before !== undefined && now - before < TYPING_FORWARD_MS) return false;
    this.last.set(key, now);
    return true;
  }

  /** The user logged out: its entries go. */
  forget(user: string): void {
    const prefix = `${user}\n`;
    for (const key of this.last.keys()) if (key.startsWith(prefix)) this.last.delete(key);
  }
}
