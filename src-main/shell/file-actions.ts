/** The desktop side of file transfers: the system's open dialog and "show in folder". */
import { dialog, shell, type BrowserWindow } from 'electron';
import type { ShellActions } from '../app/file-handlers.js';

export function electronFileActions(window: () => BrowserWindow | undefined): ShellActions {
  return {
    async chooseFile() {
      const options = { title: 'Send a file', properties: ['openFile' as const] };
      const parent = window();
      const result = parent
        ? await dialog.showOpenDialog(parent, options)
        : await dialog.showOpenDialog(options);
      return result.canceled ? undefined : result.filePaths[0];
    },
    showItemInFolder(path) {
      shell.showItemInFolder(path);
    },
  };
}
