/**
 * The file transfers of every private chat: one FileTransfers per open chat, fed with that chat's
 * file frames and told when it ends (however it ends: stop, logout, block, a lost connection), so
 * partial files stay for a resume in the next chat. Transfers of ended chats stay listed.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PeerConnection } from '../peer-connection.js';
import { ParleyError } from '../parley-error.js';
import { TypedEmitter } from '../typed-emitter.js';
import { FileTransfers, type TransferInfo } from './file-transfers.js';

/** 2 GiB: the receiver's default size limit. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024;

export function defaultDownloadsFolder(): string {
  return join(homedir(), 'Downloads', 'Parley');
}

export interface FileSettings {
  /** Where received files go; default ~/Downloads/Parley. */
  readonly downloadsFolder?: string;
  /** Offers above this many bytes are declined; default 2 GiB. */
  readonly maxBytes?: number;
  /** Where partial files wait (in the profile); without a profile, a folder under the downloads one. */
  readonly partialFolder?: string;
}

export interface ChatFilesEvents {
  offer: TransferInfo;
  update: TransferInfo;
}

export class ChatFiles extends TypedEmitter<ChatFilesEvents> {
  private downloads: string;
  private maxBytes: number;
  private readonly partialFolder: string;
  /** The open chats' transfers, by peer. */
  private readonly open = new Map<string, FileTransfers>();
  /** Every transfer id seen, with the FileTransfers that holds it (ended chats' too). */
  private readonly byId = new Map<string, FileTransfers>();
  /** Outgoing files' paths, so a transfer that was cut off can be offered again. */
  private readonly paths = new Map<string, string>();

  constructor(settings: FileSettings = {}) {
    super();
    this.downloads = settings.downloadsFolder ?? defaultDownloadsFolder();
    this.maxBytes = settings.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.partialFolder = settings.partialFolder ?? join(this.downloads, '.parley-partial');
  }

  get settings(): { downloadsFolder: string; maxBytes: number; partialFolder: string } {
    return { downloadsFolder: this.downloads, maxBytes: this.maxBytes, partialFolder: this.partialFolder };
  }

  /** Applies to the next offer accepted. */
  configure(settings: { downloadsFolder?: string; maxBytes?: number }): void {
    if (settings.downloadsFolder !== undefined) this.downloads = settings.downloadsFolder;
    if (settings.maxBytes !== undefined) this.maxBytes = settings.maxBytes;
  }

  /** A private chat opened: its file frames go to a FileTransfers of its own until it ends. */
  attach(user: string, chat: PeerConnection): void {
    const transfers = new FileTransfers({
      peer: user,
      link: { send: (route, body) => chat.sendFileFrame(route, body) },
      downloadsFolder: () => this.downloads,
      partialFolder: this.partialFolder,
      maxBytes: () => this.maxBytes,
    });
    transfers.on('offer', (info) => this.emit('offer', info));
    transfers.on('update', (info) => {
      this.byId.set(info.id, transfers);
      this.emit('update', info);
    });
    const offFile = chat.on('file', ({ route, body }) => {
      const id = idOf(body);
      // Ids are the sender's choice: one already used with someone else is refused, so every
      // id names one transfer here.
      if (route === 'fileoffer' && id !== undefined && this.byId.has(id)) {
        chat.sendFileFrame('filefailed', { id, reason: 'that id is in use' });
        return;
      }
      if (route === 'fileoffer' && id !== undefined) this.byId.set(id, transfers);
      transfers.handle(route, body);
    });
    this.open.set(user, transfers);
    chat.once('ended', ({ by, reason }) => {
      offFile();
      if (this.open.get(user) === transfers) this.open.delete(user);
      transfers.connectionLost(by === 'network' ? undefined : `the private chat ended (${reason})`);
    });
  }

  list(): TransferInfo[] {
    return [...new Set(this.byId.values())].flatMap((transfers) => transfers.list());
  }

  get(id: string): TransferInfo | undefined {
    return this.byId
      .get(id)
      ?.list()
      .find((info) => info.id === id);
  }

  /** Offers the file at `path` to `user`, in the open private chat with them. */
  async send(user: string, path: string): Promise<TransferInfo> {
    const transfers = this.open.get(user);
    if (!transfers) throw new ParleyError(404, `no private chat with ${user}`);
    let info: TransferInfo;
    try {
      info = await transfers.send(path);
    } catch (error) {
      throw new ParleyError(400, `cannot send ${path}: ${(error as Error).message}`);
    }
    this.byId.set(info.id, transfers);
    this.paths.set(info.id, path);
    return info;
  }

  async accept(id: string): Promise<TransferInfo> {
    const transfers = this.holder(id);
    try {
      return await transfers.accept(id);
    } catch (error) {
      throw new ParleyError(409, (error as Error).message);
    }
  }

  reject(id: string, reason?: string): TransferInfo {
    const transfers = this.holder(id);
    transfers.reject(id, reason);
    return this.known(id);
  }

  cancel(id: string): TransferInfo {
    this.holder(id).cancel(id);
    return this.known(id);
  }

  /** Offers again a file of ours that was cut off: the receiver resumes from its partial file. */
  async retry(id: string): Promise<TransferInfo> {
    const info = this.known(id);
    const path = this.paths.get(id);
    if (info.direction !== 'out' || path === undefined) {
      throw new ParleyError(400, 'only a file you sent can be sent again');
    }
    if (!['interrupted', 'failed', 'cancelled', 'rejected'].includes(info.state)) {
      throw new ParleyError(409, 'that file is still under way');
    }
    return this.send(info.peer, path);
  }

  private holder(id: string): FileTransfers {
    const transfers = this.byId.get(id);
    if (!transfers) throw new ParleyError(404, 'no such file transfer');
    return transfers;
  }

  private known(id: string): TransferInfo {
    const info = this.get(id);
    if (!info) throw new ParleyError(404, 'no such file transfer');
    return info;
  }
}

function idOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('id' in body)) return undefined;
  return typeof body.id === 'string' && /^[A-Za-z0-9_-]{1,32}$/u.test(body.id) ? body.id : undefined;
}
