/**
 * Logging in again by itself after the server went away: attempts spaced by exponential backoff,
 * announced before each wait, until one succeeds, one fails for good (a changed password won't
 * heal), the attempts run out, or someone stops it (logout, disconnect, a manual login).
 */
import { backoffDelay, type BackoffOptions } from './backoff.js';

export interface AutoReconnectOptions {
  readonly backoff: BackoffOptions;
  /** One connect-and-login. */
  readonly attempt: () => Promise<void>;
  /** Whether an attempt's error is worth another try. */
  readonly shouldRetry: (error: unknown) => boolean;
  readonly onScheduled: (attempt: number, at: number) => void;
  readonly onSucceeded: () => void;
  readonly onGaveUp: (error: unknown) => void;
}

export class AutoReconnect {
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private at: number | undefined;
  private active = false;
  private running = false;

  constructor(private readonly options: AutoReconnectOptions) {}

  /** When the next attempt starts (ms, local clock), while one is scheduled. */
  get nextAttemptAt(): number | undefined {
    return this.at;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Starts trying (no-op while already trying). */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.attempts = 0;
    this.schedule();
  }

  /** Skips the wait: the next attempt starts now. */
  now(): void {
    if (!this.active || this.running) return;
    this.clearTimer();
    void this.run();
  }

  stop(): void {
    this.active = false;
    this.clearTimer();
  }

  private schedule(): void {
    this.attempts += 1;
    const base = backoffDelay(this.attempts, this.options.backoff);
    const delay = this.options.backoff.jitter === false ? base : base * (0.75 + Math.random() * 0.5);
    this.at = Date.now() + Math.round(delay);
    this.timer = setTimeout(() => void this.run(), delay);
    this.options.onScheduled(this.attempts, this.at);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.at = undefined;
    this.running = true;
    try {
      await this.options.attempt();
    } catch (error) {
      this.running = false;
      if (!this.active) return;
      const max = this.options.backoff.maxAttempts ?? Number.POSITIVE_INFINITY;
      if (!this.options.shouldRetry(error) || this.attempts >= max) {
        this.stop();
        this.options.onGaveUp(error);
      } else {
        this.schedule();
      }
      return;
    }
    this.running = false;
    if (!this.active) return;
    this.active = false;
    this.options.onSucceeded();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.at = undefined;
  }
}
