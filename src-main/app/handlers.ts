/**
 * The handler table: one entry per command of the contract (a missing one fails to compile),
 * over the app's one client, its history, settings and embedded server.
 */
import {
  BROADCAST_KEY,
  type ApiHandlers,
  type Conversation,
  type MessageKind,
  type ServerAddress,
} from '../../src-shared/api/index.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';
import { fileHandlers, type ShellActions } from './file-handlers.js';
import type { LocalHistory } from './history.js';
import type { HostController } from './host-controller.js';
import { probeServer } from './probe-server.js';
import type { SettingsStore } from './settings-store.js';
import type { UnreadCounts } from './unread.js';

/** How many messages of each conversation a snapshot carries; `loadConversation` gives all. */
export const SNAPSHOT_MESSAGES = 200;

export interface CoreParts {
  readonly client: ChatClient;
  readonly history: LocalHistory;
  readonly host: HostController;
  readonly settings: SettingsStore;
  readonly unread: UnreadCounts;
  readonly connectTimeoutMs: number;
  /** Whose history is shown: the logged-in user, else the last one. */
  owner(): string | undefined;
  /** Called with the username a login is about to use (before the server answers). */
  beginLogin(username: string): () => void;
  onSettings(): void;
  /** The desktop shell's dialog and file manager; absent in browser mode. */
  readonly shell?: ShellActions;
}

/** The file part of the settings, as the client takes it (absent: the client's defaults). */
export function fileSettingsOf(value: {
  downloadsFolder?: string | undefined;
  maxFileBytes?: number | undefined;
}): { downloadsFolder?: string; maxBytes?: number } {
  return {
    ...(value.downloadsFolder === undefined ? {} : { downloadsFolder: value.downloadsFolder }),
    ...(value.maxFileBytes === undefined ? {} : { maxBytes: value.maxFileBytes }),
  };
}

function kindOf(key: string): MessageKind {
  if (key === BROADCAST_KEY) return 'broadcast';
  return key.startsWith('private:') ? 'private' : 'direct';
}

export function createHandlers(parts: CoreParts): ApiHandlers {
  const { client, history, host, settings, unread } = parts;

  const conversation = (owner: string | undefined, key: string, limit?: number): Conversation => ({
    key,
    kind: kindOf(key),
    messages:
      owner === undefined
        ? []
        : limit === undefined
          ? history.allMessages(owner, key)
          : history.recentMessages(owner, key, limit),
    unread: unread.of(key),
  });

  const embeddedAddress = async (): Promise<ServerAddress> => {
    let status = host.status;
    if (status.state !== 'running') status = await host.start(settings.value.hosting);
    const address = host.localAddress;
    if (status.state === 'failed') throw new AppError('unavailable', status.message);
    if (!address) throw new AppError('unavailable', 'The embedded server is not running.');
    if (!settings.value.hosting.enabled) {
      settings.update({ hosting: { enabled: true } });
      parts.onSettings();
    }
    return address;
  };

  return {
    snapshot: () => {
      const owner = parts.owner();
      const keys = owner === undefined ? [] : history.conversationKeys(owner);
      return Promise.resolve({
        client: {
          ...client.snapshot(),
          conversations: keys.map((k) => conversation(owner, k, SNAPSHOT_MESSAGES)),
        },
        settings: settings.value,
        host: host.status,
      });
    },
    updateSettings: (patch) => {
      const next = settings.update(patch);
      client.setFileSettings(fileSettingsOf(next));
      parts.onSettings();
      return Promise.resolve(next);
    },
    connect: async (input) => {
      await host.settled();
      const address =
        input.mode === 'embedded' ? await embeddedAddress() : { host: input.host, port: input.port };
      const current = client.server;
      const open = client.state === 'connected' || client.state === 'logged-in';
      // Already there: nothing to do (a reloaded page asks again).
      if (open && current.host === address.host && current.port === address.port) {
        settings.update({ server: input });
        parts.onSettings();
        return address;
      }
      await probeServer(address, parts.connectTimeoutMs);
      if (client.state !== 'disconnected' && client.state !== 'logged-out' && client.state !== 'timed-out') {
        await client.disconnect();
      }
      client.setServer(address);
      await client.connect();
      settings.update({ server: input });
      parts.onSettings();
      return address;
    },
    register: async ({ username, password }) => {
      await client.register(username, password);
      return {};
    },
    login: async ({ username, password }) => {
      const undo = parts.beginLogin(username);
      try {
        await client.login(username, password);
      } catch (error) {
        undo();
        throw error;
      }
      settings.update({ lastUsername: username });
      parts.onSettings();
      return { username };
    },
    logout: async () => {
      await client.logout();
      return {};
    },
    reconnectNow: async () => {
      await client.reconnectNow();
      return {};
    },
    sendMessage: ({ to, text }) => client.sendMessage(to, text),
    retryMessage: ({ localId }) => client.retryMessage(localId),
    broadcast: ({ text }) => client.broadcast(text),
    whoelse: async () => ({ users: await client.whoelse() }),
    whoelseSince: async ({ seconds }) => ({ users: await client.whoelseSince(seconds) }),
    block: async ({ user }) => {
      await client.block(user);
      return {};
    },
    unblock: async ({ user }) => {
      await client.unblock(user);
      return {};
    },
    startPrivate: async ({ user }) => ({ requestId: await client.startPrivate(user) }),
    cancelPrivate: async ({ requestId }) => {
      await client.cancelPrivate(requestId);
      return {};
    },
    answerPrivate: async ({ requestId, accept }) => {
      await client.answerPrivate(requestId, accept);
      return {};
    },
    sendPrivate: ({ user, text }) => client.sendPrivate(user, text),
    stopPrivate: async ({ user }) => {
      await client.stopPrivate(user);
      return {};
    },
    // Through then(): these answer at once, and their errors must still be rejections.
    safetyNumber: ({ user }) => Promise.resolve().then(() => client.safety(user)),
    setVerified: ({ user, verified }) => Promise.resolve().then(() => client.setVerified(user, verified)),
    acceptNewKey: ({ user }) => Promise.resolve().then(() => client.acceptNewKey(user)),
    encryptionInfo: () => Promise.resolve({ keyProtection: client.keyProtection }),
    ...fileHandlers(client, parts.shell),
    loadConversation: ({ key }) => Promise.resolve(conversation(parts.owner(), key)),
    markRead: ({ key }) => {
      unread.markRead(key);
      return Promise.resolve({});
    },
    setHosting: async ({ enabled }) => {
      settings.update({ hosting: { enabled } });
      parts.onSettings();
      return enabled ? host.start(settings.value.hosting) : host.stop();
    },
  };
}
