/** Awaiting a client's typed events in tests, with a deadline instead of a sleep. */
import type { TypedEmitter } from '../../src-main/client/typed-emitter.js';

/**
 * Resolves with the next `event` payload that passes `match`. Call it before the action that
 * causes the event, and await it after.
 */
export function nextEvent<Events extends object, K extends keyof Events & string>(
  emitter: TypedEmitter<Events>,
  event: K,
  match: (payload: Events[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Events[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = emitter.on(event, (payload) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}
