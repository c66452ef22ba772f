/**
 * File transfers in private chats: offers, progress (with a speed measured here, between two
 * updates), and the commands the offer card and the progress bar use.
 */
import { create } from 'zustand';
import type { FileTransferInfo } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

export interface TransferView extends FileTransferInfo {
  /** Bytes per second over the last updates, once two were seen. */
  readonly speed?: number;
  readonly seenAt: number;
}

interface FilesStore {
  byId: Record<string, TransferView>;
  /** Ids in the order first seen. */
  order: string[];
  /** Errors of a command, by peer (shown in that chat). */
  error: Record<string, string | undefined>;
  /** Browser mode: where the user types a path; true while that field is shown, by peer. */
  askingPath: Record<string, boolean>;
  onTransfer: (transfer: FileTransferInfo) => void;
  load: () => Promise<void>;
  send: (peer: string, path: string) => Promise<void>;
  choose: (peer: string) => Promise<void>;
  closePathField: (peer: string) => void;
  accept: (t: FileTransferInfo) => Promise<void>;
  reject: (t: FileTransferInfo) => Promise<void>;
  cancel: (t: FileTransferInfo) => Promise<void>;
  retry: (t: FileTransferInfo) => Promise<void>;
  showInFolder: (t: FileTransferInfo) => Promise<string | undefined>;
}

export const useFilesStore = create<FilesStore>()((set, get) => {
  const guard = async (peer: string, action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
      set({ error: { ...get().error, [peer]: undefined } });
    } catch (cause) {
      set({ error: { ...get().error, [peer]: errorOf(cause).message } });
    }
  };
  const take = (transfer: FileTransferInfo): void => get().onTransfer(transfer);
  return {
    byId: {},
    order: [],
    error: {},
    askingPath: {},
    onTransfer(transfer) {
      const now = Date.now();
      const before = get().byId[transfer.id];
      let speed = before?.speed;
      if (before && now > before.seenAt && transfer.bytes > before.bytes) {
        const instant = ((transfer.bytes - before.bytes) * 1000) / (now - before.seenAt);
        speed = speed === undefined ? instant : speed * 0.7 + instant * 0.3;
      }
      const view: TransferView = { ...transfer, seenAt: now, ...(speed === undefined ? {} : { speed }) };
      set((s) => ({
        byId: { ...s.byId, [transfer.id]: view },
        order: s.order.includes(transfer.id) ? s.order : [...s.order, transfer.id],
      }));
    },
    load: async () => {
      const { transfers } = await call('listFiles', {});
      for (const t of transfers) take(t);
    },
    send: (peer, path) =>
      guard(peer, async () => {
        take(await call('sendFile', { user: peer, path }));
        set({ askingPath: { ...get().askingPath, [peer]: false } });
      }),
    choose: (peer) =>
      guard(peer, async () => {
        const chosen = await call('chooseFile', {});
        if (!chosen.available) set({ askingPath: { ...get().askingPath, [peer]: true } });
        else if (chosen.path !== undefined) await get().send(peer, chosen.path);
      }),
    closePathField: (peer) => set({ askingPath: { ...get().askingPath, [peer]: false } }),
    accept: (t) => guard(t.peer, async () => take(await call('acceptFile', { id: t.id }))),
    reject: (t) => guard(t.peer, async () => take(await call('rejectFile', { id: t.id }))),
    cancel: (t) => guard(t.peer, async () => take(await call('cancelFile', { id: t.id }))),
    retry: (t) => guard(t.peer, async () => take(await call('retryFile', { id: t.id }))),
    async showInFolder(t) {
      try {
        const { shown, path } = await call('showInFolder', { id: t.id });
        return shown ? undefined : path;
      } catch (cause) {
        set({ error: { ...get().error, [t.peer]: errorOf(cause).message } });
        return undefined;
      }
    },
  };
});
