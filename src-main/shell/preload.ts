/**
 * The preload of the sandboxed window (built as CommonJS: a sandboxed preload can't load ESM and
 * can require little besides 'electron'). It exposes exactly one object, `window.parley`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createParleyBridge } from './preload-bridge.js';

const parley = createParleyBridge(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (channel, listener) => {
    // The Electron event (with its sender) never reaches the page.
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
);

contextBridge.exposeInMainWorld('parley', parley);
