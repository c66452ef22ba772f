/**
 * Typing is forwarded at most once per second per sender and conversation (protocol 1.2): more
 * `true`s are answered 200 and dropped; a `false` always goes through and ends the pair's entry.
 */
export const TYPING_FORWARD_MS = 1000;

export class TypingGate {
  /** Sender → conversation (a username, or `#room`) → when its last `true` was forwarded. */
  private readonly last = new Map<string, Map<string, number>>();

  /** Whether to forward this typing frame. */
  pass(from: string, conversation: string, active: boolean, now: number): boolean {
    const mine = this.last.get(from);
    if (!active) {
      mine?.delete(conversation);
      if (mine?.size === 0) this.last.delete(from);
      return true;
    }
    const before = mine?.get(conversation);
    if (before !== undefined && now - before < TYPING_FORWARD_MS) return false;
    if (mine) mine.set(conversation, now);
    else this.last.set(from, new Map([[conversation, now]]));
    return true;
  }

  /** The user logged out: its entries go. */
  forget(user: string): void {
    this.last.delete(user);
  }
}
