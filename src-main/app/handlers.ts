/**
 * The handler table: one entry per command of the contract (a missing one fails to compile),
 * over the app's one client, its history, settings and embedded server.
 */
import type {
  ApiHandlers,
  FoundServer,
  RememberState,
  ServerAddress,
  Settings,
} from '../../src-shared/api/index.js';
import { createAccountHandlers } from './account-handlers.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';
import type { ConversationService } from './conversation-service.js';
import { fileHandlers, type ShellActions } from './file-handlers.js';
import type { HostController } from './host-controller.js';
import { probeServer } from './probe-server.js';
import { createRoomHandlers } from './room-handlers.js';
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
  /** Remembers this login for the chosen server ("remember me"), or forgets any (undefined). */
  remember(login: { username: string; password: string } | undefined): void;
  rememberState(): RememberState;
  /** The desktop shell's dialog and file manager; absent in browser mode. */
  readonly shell?: ShellActions;
}

/** Whether connecting to `input` changes what the user had chosen (or is the first choice). */
function isNewChoice(saved: Settings, input: ServerAddress & { mode: 'remote' }): boolean {
  const server = saved.server;
  return (
    !saved.onboarded || server.mode !== 'remote' || server.host !== input.host || server.port !== input.port
  );
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
  const accounts = createAccountHandlers(client, host);

  const embeddedAddress = async (): Promise<ServerAddress> => {
    let status = host.status;
    if (status.state !== 'running') status = await host.start(settings.value.hosting);
    const address = host.localAddress;
    if (status.state === 'failed') throw new AppError('unavailable', status.message);
    if (!address) throw new AppError('unavailable', 'The embedded server is not running.');
    if (!settings.value.hosting.enabled) settings.update({ hosting: { enabled: true } });
    return address;
  };

  return {
    snapshot: () =>
      Promise.resolve({
        client: { ...client.snapshot(), conversations: conversations.conversations(SNAPSHOT_MESSAGES) },
        settings: settings.value,
        host: host.status,
        view: conversations.view(),
        remember: parts.rememberState(),
        serverTrust: parts.trust.current,
        foundServers: parts.foundServers(),
      }),
    updateSettings: (patch) => {
      const next = settings.update(patch);
      client.setFileSettings(fileSettingsOf(next));
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
      // Choosing another server is choosing not to host: nobody keeps a server they never use.
      // Reaching the same remote server again (a restart, a reload) leaves the switch as it is.
      if (input.mode === 'remote' && isNewChoice(settings.value, input)) {
        settings.update({ server: input, hosting: { enabled: false } });
        await host.stop();
      } else settings.update({ server: input });
      return address;
    },
    register: async ({ username, password }) => {
      await client.register(username, password);
      return {};
    },
    login: async ({ username, password, remember }) => {
      const undo = parts.beginLogin(username);
      try {
        await client.login(username, password);
      } catch (error) {
        undo();
        throw error;
      }
      settings.update({ lastUsername: username });
      parts.remember(remember === true ? { username, password } : undefined);
      return { username };
    },
    logout: async () => {
      parts.remember(undefined);
      await client.logout();
      return {};
    },
    forgetMe: () => {
      parts.remember(undefined);
      return Promise.resolve({});
    },
    reconnectNow: async () => {
      await client.reconnectNow();
      return {};
    },
    sendMessage: ({ to, text, replyTo }) => client.sendMessage(to, text, replyTo),
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
      return enabled ? host.start(settings.value.hosting) : host.stop();
    },
    ...accounts,
    // A remembered login follows the account: the new password, or nothing once it is gone.
    changePassword: async (input) => {
      const result = await accounts.changePassword(input);
      const username = client.snapshot().username;
      if (username !== undefined && parts.rememberState().username === username) {
        parts.remember({ username, password: input.newPassword });
      }
      return result;
    },
    deleteAccount: async (input) => {
      const result = await accounts.deleteAccount(input);
      parts.remember(undefined);
      return result;
    },
    ...createRoomHandlers(client, conversations, settings),
  };
}
