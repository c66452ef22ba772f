/**
 * The contract over a WebSocket (browser mode): the wire messages and the client side, which the
 * renderer and the Node tests share. No DOM and no Node: it takes any WebSocket-like object.
 *
 * page → main: {type:'call', id, name, input}
 * main → page: {type:'result', id, result: ApiResult} | {type:'event', name, payload}
 */
import { z } from 'zod';
import { apiCommands, type ApiCommandName } from './commands.js';
import { apiEventSchemas, type ApiEventName } from './events.js';
import type { ApiSubscribe, ParleyApi } from './index.js';
import { apiError, type ApiResult } from './result.js';

/** Where the page's WebSocket connects, beside the page itself. */
export const WS_API_PATH = '/api';
/** GET with `?token=`: 204 when the token is the right one, 401 when not (the upgrade shows no status). */
export const WS_TOKEN_CHECK_PATH = '/api/token';

const callId = z.number().int().nonnegative();

export const wsCall = z.object({
  type: z.literal('call'),
  id: callId,
  name: z.string().min(1).max(64),
  input: z.unknown(),
});
export type WsCall = z.infer<typeof wsCall>;

export const wsResult = z.object({
  type: z.literal('result'),
  id: callId,
  result: z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: apiError }),
  ]),
});
export type WsResult = z.infer<typeof wsResult>;

export const wsEvent = z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() });
export type WsEvent = z.infer<typeof wsEvent>;

export const wsServerMessage = z.discriminatedUnion('type', [wsResult, wsEvent]);

/** What createWebSocketApi needs of a socket: the browser's WebSocket and the `ws` package both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;
const CONNECTING = 0;

export interface WebSocketApi extends ParleyApi {
  /** Closes the socket; pending calls end as `unavailable`. */
  readonly close: () => void;
}

/** A ParleyApi whose calls travel over `socket` (opened on `url` by the caller). */
export function createWebSocketApi(url: string, socket: WebSocketLike): WebSocketApi {
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const queued: string[] = [];

  const unavailable = (message: string): ApiResult<never> => ({
    ok: false,
    error: { code: 'unavailable', message },
  });

  socket.addEventListener('open', () => {
    for (const data of queued.splice(0)) socket.send(data);
  });
  socket.addEventListener('close', () => {
    closed = true;
    queued.length = 0;
    for (const resolve of pending.values())
      resolve(unavailable(`The connection to the app at ${url} closed.`));
    pending.clear();
  });
  socket.addEventListener('message', ({ data }) => {
    if (typeof data !== 'string') return;
    let parsed;
    try {
      parsed = wsServerMessage.safeParse(JSON.parse(data));
    } catch {
      return;
    }
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'result') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      resolve?.(message.result);
      return;
    }
    if (!Object.hasOwn(apiEventSchemas, message.name)) return;
    for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
  });

  const call = (name: ApiCommandName, input: unknown): Promise<ApiResult<unknown>> => {
    if (closed || (socket.readyState !== OPEN && socket.readyState !== CONNECTING)) {
      return Promise.resolve(unavailable(`The connection to the app at ${url} is closed.`));
    }
    const id = nextId++;
    const data = JSON.stringify({ type: 'call', id, name, input } satisfies WsCall);
    return new Promise((resolve) => {
      pending.set(id, resolve);
      if (socket.readyState === OPEN) socket.send(data);
      else queued.push(data);
    });
  };

  const on: ApiSubscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  };

  const api: Record<string, unknown> = { on, close: () => socket.close() };
  for (const name of Object.keys(apiCommands) as ApiCommandName[]) {
    api[name] = (input: unknown) => call(name, input);
  }
  return api as unknown as WebSocketApi;
}

/** Whether a name is one of the contract's events (for the server side, which sends them). */
export function isApiEventName(name: string): name is ApiEventName {
  return Object.hasOwn(apiEventSchemas, name);
}
