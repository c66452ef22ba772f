/**
 * Presence changes gathered over a short window and sent to each online user as one write. Without
 * it a wave of N logins costs N² socket writes (every login tells everyone), which is what kept a
 * 10,000-user reconnect from finishing; with it, each user gets one write per window.
 */
import type { Blocks } from '../store/blocks.js';
import type { OnlineIndex } from './online.js';
import { encodeRoute } from '../../src-shared/protocol/index.js';

interface Change {
  readonly user: string;
  readonly frame: string;
  /** Only this user is told, whatever the blocks say (see `tell`). */
  readonly to?: string;
}

export class PresenceBatcher {
  private pending: Change[] = [];
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];

  /** `windowMs` 0 sends every change at once (tests that assert the absence of a push use it). */
  constructor(
    private readonly online: OnlineIndex,
    private readonly blocks: Blocks,
    private readonly windowMs: number,
  ) {}

  /** Queues `[presence]` for every other online user, except those `user` has blocked. */
  announce(user: string, online: boolean): void {
    this.pending.push({ user, frame: encodeRoute('presence', { user, online }) });
    if (this.windowMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }

  /**
   * Queues `user`'s presence for one recipient only, in order with the other changes: a block
   * hides the blocker from the blocked user at once (`online:false`), an unblock shows him again.
   */
  tell(recipient: string, user: string, online: boolean): void {
    this.pending.push({ user, to: recipient, frame: encodeRoute('presence', { user, online }) });
    if (this.windowMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
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

  private send(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    for (const recipient of this.online.sessions()) {
      const name = recipient.username;
      if (name === undefined) continue;
      let frames = '';
      for (const change of changes) {
        if (change.to !== undefined) {
          if (change.to === name) frames += change.frame;
        } else if (change.user !== name && !this.blocks.has(change.user, name)) frames += change.frame;
      }
      if (frames !== '') recipient.push(frames);
    }
  }

  /** Drops what is queued (the server is stopping and says `[bye]` instead). */
  discard(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}
