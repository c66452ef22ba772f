/** Awaiting a client's typed events in tests, with a deadline instead of a sleep. */
import type { TypedEmitter } from '../../src-main/client/typed-emitter.js';

type EventsOf<E> = E extends TypedEmitter<infer Events> ? Events : never;

/**
 * Resolves with the next `event` payload that passes `match`. Call it before the action that
 * causes the event, and await it after.
 */
export function nextEvent<E extends TypedEmitter<object>, K extends keyof EventsOf<E> & string>(
  emitter: E,
  event: K,
  match: (payload: EventsOf<E>[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<EventsOf<E>[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = (emitter as unknown as TypedEmitter<Record<string, unknown>>).on(event, (payload) => {
      if (!match(payload as EventsOf<E>[K])) return;
      clearTimeout(timer);
      off();
      resolve(payload as EventsOf<E>[K]);
    });
  });
}
