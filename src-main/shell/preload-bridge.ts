/**
 * Builds `window.parley` from two Electron-free functions, so Node tests can check its shape:
 * one named method per command and `on(event, listener)`; no generic send.
 */
import type { ApiEventName, ParleyApi } from '../../src-shared/api/index.js';
import { COMMAND_NAMES, EVENT_NAMES, channelFor } from './contract-names.js';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
/** Subscribes to a channel with a listener that receives the payload only; returns the unsubscribe. */
export type Listen = (channel: string, listener: (payload: unknown) => void) => () => void;

export function createParleyBridge(invoke: Invoke, listen: Listen): ParleyApi {
  const api: Record<string, unknown> = {};
  for (const name of COMMAND_NAMES) {
    const channel = channelFor(name);
    api[name] = (input: unknown) => invoke(channel, input);
  }
  const eventNames = new Set<string>(EVENT_NAMES);
  api.on = (event: ApiEventName, listener: (payload: unknown) => void) => {
    if (!eventNames.has(event)) throw new TypeError(`Unknown event '${String(event)}'`);
    if (typeof listener !== 'function')
      throw new TypeError('on(event, listener): listener must be a function');
    return listen(channelFor(event), (payload) => listener(payload));
  };
  return Object.freeze(api) as unknown as ParleyApi;
}
