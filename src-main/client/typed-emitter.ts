/**
 * A small typed event emitter. It wraps node:events instead of extending it so that an event
 * named `error` has no special meaning, and `on` returns its own unsubscribe function (what a
 * preload bridge or a React effect wants to hand back).
 */
import { EventEmitter } from 'node:events';

// `object`, not Record<string, unknown>: event maps are interfaces, which have no index signature.
export type EventMap = object;
export type Listener<T> = (payload: T) => void;

export class TypedEmitter<Events extends EventMap> {
  /** Type only, never set: lets generic helpers infer an emitter's event map. */
  declare readonly eventMap?: Events;
  private readonly inner = new EventEmitter();

  constructor() {
    // Tests and UIs legitimately attach many short-lived listeners to one emitter.
    this.inner.setMaxListeners(100);
  }

  on<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    this.inner.on(event, listener);
    return () => this.inner.off(event, listener);
  }

  once<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): () => void {
    this.inner.once(event, listener);
    return () => this.inner.off(event, listener);
  }

  off<K extends keyof Events & string>(event: K, listener: Listener<Events[K]>): void {
    this.inner.off(event, listener);
  }

  /** Returns whether any listener took the event. */
  protected emit<K extends keyof Events & string>(event: K, payload: Events[K]): boolean {
    return this.inner.emit(event, payload);
  }
}
