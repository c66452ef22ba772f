/** Retrying with exponential backoff, for reconnecting to a server that went away. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface BackoffOptions {
  /** Delay before the second attempt. Default 250 ms. */
  readonly initialDelayMs?: number;
  /** Delays stop growing here. Default 10 s. */
  readonly maxDelayMs?: number;
  readonly factor?: number;
  /** Attempts in all, the first included. Default: no limit. */
  readonly maxAttempts?: number;
  /** Spread delays by up to +-25% so many clients don't come back in lockstep. Default true. */
  readonly jitter?: boolean;
  readonly signal?: AbortSignal;
}

/** Delay after failed attempt number `attempt` (1-based), without jitter. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 10_000;
  const factor = options.factor ?? 2;
  return Math.min(max, initial * factor ** Math.max(0, attempt - 1));
}

/**
 * Calls `attempt` until it resolves, waiting longer after each failure. Rethrows the last error
 * when attempts run out or `shouldRetry` says the error is final (a wrong password won't heal).
 */
export async function retryWithBackoff<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: BackoffOptions & { readonly shouldRetry?: (error: unknown) => boolean } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= maxAttempts || options.shouldRetry?.(error) === false || options.signal?.aborted) throw error;
      const base = backoffDelay(n, options);
      const delay = options.jitter === false ? base : base * (0.75 + Math.random() * 0.5);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
