/**
 * Presence changes gathered over a short window and sent to each online user as one write. Without
 * it a wave of N logins costs N² socket writes (every login tells everyone), which is what kept a
 * 10,000-user reconnect from finishing; with it, each user gets one write per window.
 *
 * Most recipients see the same changes (they changed nothing themselves and nobody who changed has
 * blocked them), so that common view is serialised once per window, in each form (1.1 frames and
 * the 1.2 batch), and the same string or Buffer is pushed to all of them. Only the users who are
 * "special" this window (a changed user, someone a changed user has blocked, the target of a
 * `tell`) get a frame of their own.
 */
import type { BlockStore } from './backend.js';
import type { OnlineIndex } from './online.js';
import { encodeRoute } from '../../src-shared/protocol/index.js';
import type { Session } from './session.js';

interface Change {
  readonly user: string;
  readonly online: boolean;
  /** The 1.1 frame. */
  readonly frame: string;
  /** Only this user is told, whatever the blocks say (see `tell`). */
  readonly to?: string;
}

/** Counts since the server started: what the presence tests and the benchmark read. */
export interface PresenceStats {
  /** Windows that had something to send. */
  windows: number;
  /** Pushes to a recipient (one per recipient per window at most). */
  writes: number;
  /** Frames built (the shared ones once per window and form, plus one per special recipient). */
  serialised: number;
  /** The most writes one window made, and the online users at that flush. */
  maxWritesPerWindow: number;
  onlineAtMaxWrites: number;
}

export class PresenceBatcher {
  readonly stats: PresenceStats = {
    windows: 0,
    writes: 0,
    serialised: 0,
    maxWritesPerWindow: 0,
    onlineAtMaxWrites: 0,
  };
  private pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];

  /** `windowMs` 0 sends every change at once (tests that assert the absence of a push use it). */
  constructor(
    private readonly online: OnlineIndex,
    private readonly blocks: BlockStore,
    private readonly windowMs: number,
  ) {}

  /** Queues `[presence]` for every other online user, except those `user` has blocked. */
  announce(user: string, online: boolean): void {
    this.queue({ user, online, frame: encodeRoute('presence', { user, online }) });
  }

  /**
   * Queues `user`'s presence for one recipient only, in order with the other changes: a block
   * hides the blocker from the blocked user at once (`online:false`), an unblock shows him again.
   */
  tell(recipient: string, user: string, online: boolean): void {
    this.queue({ user, online, to: recipient, frame: encodeRoute('presence', { user, online }) });
  }

  /** Resolves after the next flush has sent its changes. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends what is queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const changes = this.pending;
    this.pending = [];
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.send(changes);
    } finally {
      for (const resolve of waiters) resolve();
    }
  }

  /** Drops what is queued (the server is stopping and says `[bye]` instead). */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  private queue(change: Change): void {
    this.pending.push(change);
    if (this.windowMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  private send(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    this.stats.windows++;
    const writesBefore = this.stats.writes;
    const everyone = changes.filter((change) => change.to === undefined);
    const special = this.specialRecipients(changes);
    let common11: string | Buffer | undefined;
    let commonBatch: string | Buffer | undefined;
    for (const recipient of this.online.sessions()) {
      const name = recipient.username;
      if (name === undefined) continue;
      if (!special.has(name)) {
        if (everyone.length === 0) continue;
        if (recipient.presenceBatch === true) {
          commonBatch ??= this.build(everyone, true, true);
          this.write(recipient, commonBatch);
        } else {
          common11 ??= this.build(everyone, false, true);
          this.write(recipient, common11);
        }
        continue;
      }
      const mine = changes.filter((change) =>
        change.to !== undefined
          ? change.to === name
          : change.user !== name && !this.blocks.has(change.user, name),
      );
      if (mine.length > 0) this.write(recipient, this.build(mine, recipient.presenceBatch === true, false));
    }
    const writes = this.stats.writes - writesBefore;
    if (writes > this.stats.maxWritesPerWindow) {
      this.stats.maxWritesPerWindow = writes;
      this.stats.onlineAtMaxWrites = this.online.size;
    }
  }

  /** Who may not see the common view: the changed users, those they have blocked, `tell` targets. */
  private specialRecipients(changes: readonly Change[]): Set<string> {
    const special = new Set<string>();
    for (const change of changes) {
      if (change.to !== undefined) {
        special.add(change.to);
        continue;
      }
      special.add(change.user);
      const blocked = this.blocks.blockedBy(change.user);
      if (blocked !== undefined) for (const name of blocked) special.add(name);
    }
    return special;
  }

  private write(recipient: Session, frame: string | Buffer): void {
    this.stats.writes++;
    recipient.push(frame);
  }

  /** 1.1: every change as its own frame. 1.2 batch: one frame, the last state of each user, in order. */
  private build(changes: readonly Change[], batch: boolean, shared: boolean): string | Buffer {
    this.stats.serialised++;
    let frame: string;
    if (batch) {
      const last = new Map<string, boolean>();
      for (const change of changes) {
        // Deleting first moves a user who changed again to the position of the last change.
        last.delete(change.user);
        last.set(change.user, change.online);
      }
      frame = encodeRoute('presence', { users: [...last].map(([user, online]) => ({ user, online })) });
    } else frame = changes.length === 1 ? (changes[0] as Change).frame : changes.map((c) => c.frame).join('');
    // A shared frame goes to most of the online users: encoded to UTF-8 once, not once per socket
    // (writeUtf8String was 39 % of the server's main thread in a 2,000-login wave, S4 profile).
    return shared ? Buffer.from(frame) : frame;
  }
}
