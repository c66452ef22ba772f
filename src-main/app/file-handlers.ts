/**
 * The contract's file commands over the client, plus the two things only a desktop shell can do
 * (an open dialog, showing a file in its folder). Browser mode has neither: the renderer asks for
 * a path on this computer and shows where a received file was saved.
 */
import type { ApiHandlers } from '../../src-shared/api/index.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';

export interface ShellActions {
  /** The system's open dialog; undefined when the user cancelled. */
  chooseFile(): Promise<string | undefined>;
  showItemInFolder(path: string): void;
}

type FileCommand =
  | 'sendFile'
  | 'acceptFile'
  | 'rejectFile'
  | 'cancelFile'
  | 'retryFile'
  | 'listFiles'
  | 'chooseFile'
  | 'showInFolder';

export function fileHandlers(client: ChatClient, shell?: ShellActions): Pick<ApiHandlers, FileCommand> {
  // Through then(): the synchronous ones must still answer with rejections, not throw.
  return {
    sendFile: ({ user, path }) => client.sendFile(user, path),
    acceptFile: ({ id }) => client.acceptFile(id),
    rejectFile: ({ id }) => Promise.resolve().then(() => client.rejectFile(id)),
    cancelFile: ({ id }) => Promise.resolve().then(() => client.cancelFile(id)),
    retryFile: ({ id }) => client.retryFile(id),
    listFiles: () => Promise.resolve({ transfers: client.files() }),
    chooseFile: async () => {
      if (!shell) return { available: false };
      const path = await shell.chooseFile();
      return path === undefined ? { available: true } : { available: true, path };
    },
    showInFolder: ({ id }) =>
      Promise.resolve().then(() => {
        const path = client.files().find((t) => t.id === id && t.state === 'done')?.path;
        if (path === undefined) throw new AppError('refused', 'That file has not been received.');
        if (!shell) return { shown: false, path };
        shell.showItemInFolder(path);
        return { shown: true, path };
      }),
  };
}
