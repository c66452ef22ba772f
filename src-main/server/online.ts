/** Who is online right now, by username. */
import type { Session } from './session.js';

export class OnlineIndex {
  private readonly byName = new Map<string, Session>();

  get(username: string): Session | undefined {
    return this.byName.get(username);
  }

  has(username: string): boolean {
    return this.byName.has(username);
  }

  add(session: Session & { username: string }): void {
    this.byName.set(session.username, session);
  }

  /** Removes the user only if `session` is the one logged in under that name. */
  remove(session: Session): void {
    if (session.username !== undefined && this.byName.get(session.username) === session) {
      this.byName.delete(session.username);
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
