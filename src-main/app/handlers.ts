/**
 * The handler table: one entry per command of the contract (a missing one fails to compile),
 * over the app's one client, its history, settings and embedded server.
 */
import type { ApiHandlers, FoundServer, ServerAddress } from '../../src-shared/api/index.js';
import { createAccountHandlers } from './account-handlers.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';
import type { ConversationService } from './conversation-service.js';
import { fileHandlers, type ShellActions } from './file-handlers.js';
import type { HostController } from './host-controller.js';
import { probeServer } from './probe-server.js';
import type { ServerTrustService } from './server-trust-service.js';
import type { SettingsStore } from './settings-store.js';

/** How many messages of each conversation a snapshot carries; `loadConversation` gives all. */
export const SNAPSHOT_MESSAGES = 200;

export interface CoreParts {
  readonly client: ChatClient;
  readonly conversations: ConversationService;
  readonly host: HostController;
  readonly settings: SettingsStore;
  readonly connectTimeoutMs: number;
  readonly trust: ServerTrustService;
  /** Servers found on the local network now. */
  foundServers(): FoundServer[];
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

export function createHandlers(parts: CoreParts): ApiHandlers {
  const { client, conversations, host, settings } = parts;

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
    snapshot: () =>
      Promise.resolve({
        client: { ...client.snapshot(), conversations: conversations.conversations(SNAPSHOT_MESSAGES) },
        settings: settings.value,
        host: host.status,
        view: conversations.view(),
        serverTrust: parts.trust.current,
        foundServers: parts.foundServers(),
      }),
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
      if (input.mode === 'remote') parts.trust.choose(address, input.tls);
      const current = client.server;
      const open = client.state === 'connected' || client.state === 'logged-in';
      // Already there: nothing to do (a reloaded page asks again).
      if (open && current.host === address.host && current.port === address.port) {
        settings.update({ server: input });
        parts.onSettings();
        return address;
      }
      await probeServer(address, parts.connectTimeoutMs, parts.trust.usesTls(address));
      if (client.state !== 'disconnected' && client.state !== 'logged-out' && client.state !== 'timed-out') {
        await client.disconnect();
      }
      client.setServer(address);
      try {
        await client.connect();
      } catch (error) {
        parts.trust.failed(address, error);
        throw error;
      }
      parts.trust.connected(client.serverIdentity);
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
    loadConversation: ({ key }) => Promise.resolve(conversations.conversation(key)),
    markRead: ({ key }) => {
      conversations.markRead(key);
      return Promise.resolve({});
    },
    setDraft: ({ key, text }) => {
      conversations.setDraft(key, text);
      return Promise.resolve({});
    },
    searchMessages: ({ query, limit }) => Promise.resolve({ hits: conversations.search(query, limit ?? 30) }),
    acceptServerCertificate: (input) => {
      parts.trust.accept(input);
      return Promise.resolve({});
    },
    setOpenConversation: ({ key }) => {
      conversations.setOpenKey(key);
      return Promise.resolve({});
    },
    setHosting: async ({ enabled }) => {
      settings.update({ hosting: { enabled } });
      parts.onSettings();
      return enabled ? host.start(settings.value.hosting) : host.stop();
    },
    ...createAccountHandlers(client, host),
  };
}
