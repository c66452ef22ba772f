/**
 * Mounts the app core on WebSocket connections: each `call` goes through callCommand (the same
 * door as Electron's IPC) and every core event goes to every open page.
 */
import type { WebSocket } from 'ws';
import { wsCall, type WsEvent, type WsResult } from '../../src-shared/api/ws-bridge.js';
import type { AppCore } from '../app/app-core.js';
import { callCommand } from '../app/call-command.js';

export class WsAdapter {
  private readonly sockets = new Set<WebSocket>();
  private readonly offCore: () => void;

  constructor(
    private readonly core: AppCore,
    private readonly log: (line: string) => void,
  ) {
    this.offCore = core.onAny((name, payload) => {
      const data = JSON.stringify({ type: 'event', name, payload } satisfies WsEvent);
      for (const socket of this.sockets) if (socket.readyState === socket.OPEN) socket.send(data);
    });
  }

  attach(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.terminate());
    socket.on('message', (data, isBinary) => {
      if (isBinary) return socket.close(1003, 'text frames only');
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(new Uint8Array(data));
      void this.answer(socket, bytes.toString('utf8'));
    });
  }

  /** Closes every page's socket and stops forwarding events. */
  close(): void {
    this.offCore();
    for (const socket of this.sockets) socket.close(1001, 'the app is closing');
  }

  private async answer(socket: WebSocket, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return socket.close(1007, 'not JSON');
    }
    const call = wsCall.safeParse(raw);
    if (!call.success) return socket.close(1008, 'not a call');
    const { id, name, input } = call.data;
    const result = await callCommand(this.core.handlers, name, input, this.log);
    if (socket.readyState !== socket.OPEN) return;
    socket.send(JSON.stringify({ type: 'result', id, result } satisfies WsResult));
  }
}
