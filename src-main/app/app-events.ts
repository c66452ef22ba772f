/** The app's outgoing events: the client's, plus host status, settings and unread counts. */
import { API_EVENT_NAMES, type ApiEventName, type ApiEvents } from '../../src-shared/api/index.js';
import { TypedEmitter } from '../client/typed-emitter.js';

export class AppEvents extends TypedEmitter<ApiEvents> {
  send<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void {
    this.emit(event, payload);
  }

  onAny(listener: (event: ApiEventName, payload: unknown) => void): () => void {
    const offs = API_EVENT_NAMES.map((name) => this.on(name, (payload) => listener(name, payload)));
    return () => offs.forEach((off) => off());
  }
}
