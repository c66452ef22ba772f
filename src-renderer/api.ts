/**
 * The one door to main: `window.parley` in Electron (the preload), otherwise the browser-mode
 * WebSocket bridge on the page's own host with the launch token from `?token=`. Only the stores
 * use it; components call store actions.
 */
import type {
  ApiCommandName,
  ApiError,
  ApiInput,
  ApiOutput,
  ApiResult,
  ParleyApi,
} from '../src-shared/api/index.js';
import { createWebSocketApi, WS_TOKEN_CHECK_PATH } from '../src-shared/api/ws-bridge.js';

declare global {
  interface Window {
    parley?: ParleyApi;
  }
}

/** Why browser mode's socket to the app closed: the app refused this page's token, or it went away. */
export type ApiClosedReason = 'wrong-token' | 'closed';

const closedListeners = new Set<(reason: ApiClosedReason) => void>();

/** Browser mode: called when the page's WebSocket to the app closes (the app stopped, or refused us). */
export function onApiClosed(listener: (reason: ApiClosedReason) => void): void {
  closedListeners.add(listener);
}

/** A browser sees no status for a refused upgrade; the app answers this question over plain HTTP. */
async function closedReason(token: string): Promise<ApiClosedReason> {
  if (token === '') return 'wrong-token';
  try {
    const answer = await fetch(`${WS_TOKEN_CHECK_PATH}?token=${encodeURIComponent(token)}`, {
      cache: 'no-store',
    });
    return answer.status === 401 ? 'wrong-token' : 'closed';
  } catch {
    return 'closed';
  }
}

function pickApi(): ParleyApi {
  if (window.parley) return window.parley;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  const socket = new WebSocket(url);
  socket.addEventListener('close', () => {
    void closedReason(token).then((reason) => {
      for (const listener of closedListeners) listener(reason);
    });
  });
  return createWebSocketApi(url, socket);
}

/** Browser mode: the page talks to `npm run web` over a WebSocket (no Electron preload). */
export const isBrowserMode = typeof window !== 'undefined' && window.parley === undefined;

export const api: ParleyApi = pickApi();

/** A command's failure as a value a store can keep and a screen can show. */
export class CommandError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
  get status(): number | undefined {
    return this.error.status;
  }
  get code(): ApiError['code'] {
    return this.error.code;
  }
}

/** Calls a command and returns its value, or throws a CommandError carrying the sentence. */
export async function call<K extends ApiCommandName>(name: K, input: ApiInput<K>): Promise<ApiOutput<K>> {
  // Indexing the api by a generic name loses the pairing of input and result; it is restored here.
  const command = api[name] as unknown as (input: ApiInput<K>) => Promise<ApiResult<ApiOutput<K>>>;
  let result: ApiResult<ApiOutput<K>>;
  try {
    result = await command(input);
  } catch (cause) {
    throw new CommandError({
      code: 'unavailable',
      message: cause instanceof Error ? cause.message : 'The app did not answer. Reload the page.',
    });
  }
  if (result.ok) return result.value;
  throw new CommandError(result.error);
}

export function errorOf(cause: unknown): ApiError {
  if (cause instanceof CommandError) return cause.error;
  return { code: 'internal', message: cause instanceof Error ? cause.message : String(cause) };
}
