/**
 * The Electron side of the contract: one validated handler per command and one emitter that
 * forwards every app event to the app's windows. The decisions live in ipc-dispatch.ts.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { API_COMMAND_NAMES, channelOf, type ApiResult } from '../../src-shared/api/index.js';
import type { AppCore } from '../app/app-core.js';
import { callCommand } from '../app/call-command.js';
import { dispatchInvoke } from './ipc-dispatch.js';

export interface IpcOptions {
  readonly origins: readonly string[];
  readonly isAppWindow: (sender: WebContents) => boolean;
  readonly log: (line: string) => void;
}

/** Registers every command's handler; returns the function that removes them. */
export function mountCommands(core: AppCore, options: IpcOptions): () => void {
  const channels = API_COMMAND_NAMES.map((name) =>
    validatedHandle(channelOf(name), options, (input) =>
      callCommand(core.handlers, name, input, options.log),
    ),
  );
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function validatedHandle(
  channel: string,
  options: IpcOptions,
  run: (input: unknown) => Promise<ApiResult<unknown>>,
): string {
  ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
    const frame = event.senderFrame;
    const facts = {
      channel,
      frameUrl: frame?.url,
      isMainFrame: frame !== null && frame.parent === null,
      fromAppWindow: options.isAppWindow(event.sender),
    };
    return dispatchInvoke(facts, options.origins, () => run(input), options.log);
  });
  return channel;
}

/** Sends every app event to the given windows; returns the function that stops it. */
export function forwardEvents(core: AppCore, targets: () => readonly WebContents[]): () => void {
  return core.onAny((event, payload) => {
    const channel = channelOf(event);
    for (const contents of targets()) {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    }
  });
}
