/** Who is online right now, by username. */
import type { Session } from './session.js';

export class OnlineIndex {
  private readonly byName = new Map<string, Session>();
  private readonly listeners = new Set<(size: number) => void>();

  /** Calls `listener` with the new count after every change; returns the unsubscribe function. */
  onChange(listener: (size: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener(this.byName.size);
  }

  get(username: string): Session | undefined {
    return this.byName.get(username);
  }

  has(username: string): boolean {
    return this.byName.has(username);
  }

  add(session: Session & { username: string }): void {
    const before = this.byName.size;
    this.byName.set(session.username, session);
    if (this.byName.size !== before) this.changed();
  }

  /** Removes the user only if `session` is the one logged in under that name. */
  remove(session: Session): void {
    if (session.username !== undefined && this.byName.get(session.username) === session) {
      this.byName.delete(session.username);
      this.changed();
    }
  }

  sessions(): IterableIterator<Session> {
    return this.byName.values();
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  get size(): number {
    return this.byName.size;
  }
}
