/**
 * Calls one command of a copy's API over its WebSocket, as the page does, for arranging what the
 * UI is not under test for (e.g. a free hosting port before the first run). Specs act through the
 * page only.
 */
import WebSocket from 'ws';
import type { ApiCommandName, ApiInput, ApiOutput } from '../../../src-shared/api/commands.js';
import type { WebCopy } from './web-copy.js';

export async function callApi<K extends ApiCommandName>(
  copy: WebCopy,
  name: K,
  input: ApiInput<K>,
): Promise<ApiOutput<K>> {
  const page = new URL(copy.url);
  const socket = new WebSocket(`ws://${page.host}/api${page.search}`, { origin: copy.origin });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const id = 1;
    const answer = new Promise<unknown>((resolve, reject) => {
      socket.on('message', (data: WebSocket.RawData) => {
        const frame = JSON.parse(rawText(data)) as { type?: string; id?: unknown; result?: unknown };
        if (frame.type === 'result' && frame.id === id) resolve(frame.result);
      });
      socket.once('close', () =>
        reject(new Error(`${copy.name}: API socket closed before '${name}' answered`)),
      );
    });
    socket.send(JSON.stringify({ type: 'call', id, name, input }));
    const result = (await answer) as { ok: boolean; value?: unknown; error?: { message?: string } };
    if (!result.ok) throw new Error(`${copy.name}: ${name} failed: ${result.error?.message ?? 'no message'}`);
    return result.value as ApiOutput<K>;
  } finally {
    socket.close();
  }
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
