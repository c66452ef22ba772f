/**
 * The app core both shells run (Electron main, browser mode): one chat client, the embedded
 * server, settings and local history, behind the contract's handler table and events.
 */
import { join } from 'node:path';
import type {
  ApiEventName,
  ApiEvents,
  ApiHandlers,
  ChatMessage,
  ClientEvent,
  HostStatus,
  RememberState,
} from '../../src-shared/api/index.js';
import { FileKeyStore, loadOrCreateStaticKey, type KeyStore } from '../client/trust/key-store.js';
import { PinStore } from '../client/trust/pin-store.js';
import type { ScryptParams } from '../store/password.js';
import { accountOf, accountServer } from './account.js';
import { AppEvents } from './app-events.js';
import { newChatClient } from './chat-client.js';
import { ConversationService } from './conversation-service.js';
import type { ShellActions } from './file-handlers.js';
import { createHandlers, fileSettingsOf } from './handlers.js';
import { LocalHistory } from './history.js';
import { HostController } from './host-controller.js';
import { lockProfile } from './profile-lock.js';
import { RememberedLogins } from './remembered-login.js';
import { profileFileBox, type SecretBox } from './secret-box.js';
import { ServerBrowser, type DiscoveredServer } from '../discovery/browse.js';
import type { MdnsOptions } from '../discovery/mdns-options.js';
import { ServerTrustService } from './server-trust-service.js';
import { SettingsStore } from './settings-store.js';

export interface AppCore {
  readonly handlers: ApiHandlers;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  onAny(listener: (event: ApiEventName, payload: unknown) => void): () => void;
  /** Whether an incoming message should notify: its conversation is not muted, or it mentions the user. */
  notifies(message: ChatMessage): boolean;
  /** Stops hosting (`[bye] shutdown` to everyone), logs out, closes the history. */
  close(): Promise<void>;
}

export interface AppCoreOptions {
  readonly profileDir: string;
  readonly log?: (line: string) => void;
  /** better-sqlite3 built for Electron's ABI (the shell passes it); Node uses the default build. */
  readonly nativeBinding?: string;
  /** Scrypt cost of accounts made on the embedded server; tests lower it. */
  readonly passwordParams?: ScryptParams;
  /** How long connecting may take before it is reported as not answering. */
  readonly connectTimeoutMs?: number;
  /** The local history to use instead of opening the profile's (tests count its commits). */
  readonly history?: LocalHistory;
  /** Find servers on the local network and announce the hosted one there; absent: neither. */
  readonly discovery?: MdnsOptions;
  /**
   * Where the private part of the profile's static key is kept: the Electron shell passes one
   * encrypted by the operating system; by default (browser mode) a file only the user can read.
   */
  readonly keyStore?: KeyStore;
  /** Seals a remembered password: the shell passes the OS keychain's; default a profile key file. */
  readonly secretBox?: SecretBox;
  /** The Electron shell's open dialog and "show in folder"; browser mode has none. */
  readonly shell?: ShellActions;
}

/** The commands that change the pending private-chat requests, announced when they settle. */
const PRIVATE_REQUEST_COMMANDS = ['startPrivate', 'cancelPrivate', 'answerPrivate'] as const;

function withPrivateRequests(handlers: ApiHandlers, announce: () => void): ApiHandlers {
  const wrapped = { ...handlers };
  for (const name of PRIVATE_REQUEST_COMMANDS) {
    const run = handlers[name] as (input: never) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[name] = (input: never) => run(input).finally(announce);
  }
  return wrapped;
}

export function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log = options.log ?? (() => {});
  // First, so a second copy on this profile is refused before it touches anything in it.
  const lock = lockProfile(
    options.profileDir,
    options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
  );
  let settings: SettingsStore;
  let history: LocalHistory;
  let keyStore: KeyStore;
  let staticKeys: ReturnType<typeof loadOrCreateStaticKey>;
  try {
    settings = new SettingsStore(options.profileDir);
    keyStore = options.keyStore ?? new FileKeyStore(join(options.profileDir, 'static-key.json'));
    staticKeys = loadOrCreateStaticKey(keyStore);
    history =
      options.history ??
      new LocalHistory(join(options.profileDir, 'history.sqlite'), {
        legacyServer: accountServer(settings.value.server),
        ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
      });
  } catch (error) {
    lock.release();
    throw error;
  }
  const events = new AppEvents();
  const logins = new RememberedLogins(
    options.profileDir,
    options.secretBox ?? profileFileBox(options.profileDir),
  );
  const serverKey = (): string => {
    const server = settings.value.server;
    return server.mode === 'embedded' ? 'embedded' : `${server.host}:${server.port}`;
  };
  const rememberState = (): RememberState => {
    const username = logins.username(serverKey());
    return { storage: logins.storage, ...(username === undefined ? {} : { username }) };
  };
  let onHostStatus = (_status: HostStatus): void => {};
  const host = new HostController({
    profileDir: options.profileDir,
    onStatus: (status) => {
      events.send('host-status', status);
      onHostStatus(status);
    },
    log,
    ...(options.passwordParams ? { passwordParams: options.passwordParams } : {}),
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    ...(options.discovery ? { discovery: options.discovery } : {}),
  });
  let found: DiscoveredServer[] = [];
  // This copy's own server is not news to its user.
  const others = (): DiscoveredServer[] =>
    found.filter((s) => s.fingerprint === undefined || s.fingerprint !== host.fingerprint);
  const browser = options.discovery
    ? new ServerBrowser({
        mdns: options.discovery,
        onChange: (servers) => {
          found = servers;
          events.send('found-servers', { servers: others() });
        },
        onError: (error) => log(`discovery: ${error.message}`),
      })
    : undefined;
  const trust = new ServerTrustService(options.profileDir, host, (state) =>
    events.send('server-trust', state),
  );
  let loggedIn: string | undefined;
  // An account is (server, user): the settings name the server of the session (they change only
  // by `connect`, which ends the session first).
  const accountFor = (user: string | undefined): string | undefined =>
    user === undefined ? undefined : accountOf(accountServer(settings.value.server), user);
  const conversations = new ConversationService(
    history,
    () => accountFor(loggedIn ?? settings.value.lastUsername),
    (report) => events.send('unread', report),
    {
      receipts: () => settings.value.sendReadReceipts !== false,
      muted: () => settings.value.muted ?? [],
    },
    (message) => events.send('message-updated', { message, localId: message.id }),
  );

  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  // Until `connect` chooses, the server the settings name (the embedded one on its usual port).
  const saved = settings.value.server;
  const client = newChatClient({
    p2p: {
      staticKeys,
      pins: new PinStore(join(options.profileDir, 'pins.json')),
      keyProtection: keyStore.protection,
    },
    // Partial files wait in the profile, so a transfer cut off resumes after a restart too.
    files: { ...fileSettingsOf(settings.value), partialFolder: join(options.profileDir, 'partial-files') },
    host: saved.mode === 'remote' ? saved.host : '127.0.0.1',
    port: saved.mode === 'remote' ? saved.port : settings.value.hosting.port || 5000,
    connectTimeoutMs,
    tls: trust.policy,
    // Saved (committed) before the server hears the ack: a message is never acknowledged and then
    // lost. The saves of one turn share a commit, so a backlog doesn't cost one per message.
    acceptIncoming: (message) => conversations.acceptIncoming(message, accountFor(loggedIn)),
    acceptItem: (event) => conversations.acceptItem(event, accountFor(loggedIn)),
  });

  const record = (event: ClientEvent): void => {
    if (event.type === 'reconnected') loggedIn = event.username;
    const account = accountFor(loggedIn);
    if (account !== undefined) conversations.record(event, account);
  };
  const sendPrivateRequests = (): void => {
    const { privateRequests, outgoingRequests } = client.snapshot();
    events.send('private-requests', { incoming: privateRequests, outgoing: outgoingRequests });
  };
  const offClient = client.onAny((event) => {
    try {
      record(event);
    } catch (error) {
      log(`history: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { type, ...payload } = event;
    events.send(type, payload);
    if (type.startsWith('private-')) sendPrivateRequests();
    // Logged in again by itself, perhaps now over TLS (hosting switched to the local network).
    if (event.type === 'reconnected') trust.connected(client.serverIdentity);
  });

  const handlers = withPrivateRequests(
    createHandlers({
      client,
      conversations,
      host,
      settings,
      connectTimeoutMs,
      trust,
      foundServers: others,
      beginLogin: (username) => {
        const previous = loggedIn;
        loggedIn = username;
        conversations.beginRun(accountFor(username) ?? username);
        return () => {
          loggedIn = previous;
        };
      },
      remember: (login) => {
        const before = JSON.stringify(rememberState());
        try {
          if (login === undefined) logins.forget();
          else logins.save(serverKey(), login.username, login.password);
        } catch (error) {
          log(`remember me: ${error instanceof Error ? error.message : String(error)}`);
        }
        const after = rememberState();
        if (JSON.stringify(after) !== before) events.send('remembered', after);
      },
      rememberState,
      ...(options.shell === undefined ? {} : { shell: options.shell }),
    }),
    sendPrivateRequests,
  );
  const offSettings = settings.onChange((value) => events.send('settings', value));

  // The own server is up: a user of it logs back in now, not when the backoff says (an event,
  // so the wait is the server's start and nothing more).
  onHostStatus = (status) => {
    if (status.state !== 'running' || settings.value.server.mode !== 'embedded') return;
    if (client.state === 'connected' || client.state === 'logged-in') return;
    try {
      // Port 0 picks another port at each start.
      if (client.server.port !== status.port) client.setServer({ host: '127.0.0.1', port: status.port });
      void Promise.resolve(client.reconnectNow()).catch((error: unknown) =>
        log(`reconnect: ${String(error)}`),
      );
    } catch (error) {
      log(`reconnect: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  if (settings.value.hosting.enabled) {
    host.start(settings.value.hosting).catch((error: unknown) => log(`host: ${String(error)}`));
  }

  // "Remember me": log back in by ourselves, where the user last chose to chat.
  const remembered = settings.value.onboarded ? logins.get(serverKey()) : undefined;
  if (remembered !== undefined) {
    void (async () => {
      try {
        await handlers.connect(settings.value.server);
        await handlers.login({ ...remembered, remember: true });
      } catch (error) {
        const status = (error as { status?: unknown } | null)?.status;
        // A password the server no longer takes (or an account it no longer has) won't heal.
        if (status === 401 || status === 404) {
          logins.forget();
          events.send('remembered', rememberState());
          events.send('notice', {
            message: `The remembered password for ${remembered.username} no longer works: log in again.`,
          });
        }
        log(`remember me: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  }

  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      if (client.state === 'logged-in') await client.logout().catch(() => undefined);
      await client.disconnect().catch(() => undefined);
      await host.stop();
      await browser?.stop();
    } finally {
      offClient();
      offSettings();
      history.close();
      lock.release();
    }
  };
  return Promise.resolve({
    handlers,
    on: (event, listener) => events.on(event, listener),
    onAny: (listener) => events.onAny(listener),
    notifies: (message) => conversations.notifies(message),
    close: () => (closing ??= close()),
  });
}
