/**
 * The renderer-main contract: every command and event the UI has. The Electron preload and the
 * browser-mode WebSocket bridge both carry exactly this; `ParleyApi` is what the renderer sees.
 */
import type { ApiCommandName, ApiInput, ApiOutput } from './commands.js';
import type { ApiEventName, ApiEvents } from './events.js';
import type { ApiResult } from './result.js';

export * from './commands.js';
export * from './account-commands.js';
export * from './conversation-fold.js';
export * from './conversation-key.js';
export * from './events.js';
export * from './files.js';
export * from './mentions.js';
export * from './model.js';
export * from './relations.js';
export * from './result.js';
export * from './rooms.js';
export * from './safety.js';
export * from './settings.js';
export * from './server-trust.js';

/** Every IPC channel and WebSocket message names its command or event with this prefix. */
export const API_CHANNEL_PREFIX = 'parley:';

export function channelOf(name: ApiCommandName | ApiEventName): string {
  return `${API_CHANNEL_PREFIX}${name}`;
}

/** One handler per command: a table the compiler holds complete. Both adapters mount the same one. */
export type ApiHandlers = { readonly [K in ApiCommandName]: (input: ApiInput<K>) => Promise<ApiOutput<K>> };

/** Subscribes to one event; returns the function that unsubscribes. */
export type ApiSubscribe = <E extends ApiEventName>(
  event: E,
  listener: (payload: ApiEvents[E]) => void,
) => () => void;

/** What the renderer holds as `window.parley` (Electron) or builds over a WebSocket (browser mode). */
export type ParleyApi = {
  readonly [K in ApiCommandName]: (input: ApiInput<K>) => Promise<ApiResult<ApiOutput<K>>>;
} & { readonly on: ApiSubscribe };
