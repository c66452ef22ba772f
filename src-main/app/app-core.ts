/**
 * The app core both shells run (Electron main, browser mode): one chat client, the embedded
 * server, settings and local history, behind the contract's handler table and events.
 */
import { join } from 'node:path';
import type { ApiEventName, ApiEvents, ApiHandlers, ClientEvent } from '../../src-shared/api/index.js';
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
import { ServerBrowser, type DiscoveredServer } from '../discovery/browse.js';
import type { MdnsOptions } from '../discovery/mdns-options.js';
import { ServerTrustService } from './server-trust-service.js';
import { SettingsStore } from './settings-store.js';

export interface AppCore {
  readonly handlers: ApiHandlers;
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  onAny(listener: (event: ApiEventName, payload: unknown) => void): () => void;
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
  /** The Electron shell's open dialog and "show in folder"; browser mode has none. */
  readonly shell?: ShellActions;
}

export function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const log = options.log ?? (() => {});
  const settings = new SettingsStore(options.profileDir);
  const history =
    options.history ??
    new LocalHistory(join(options.profileDir, 'history.sqlite'), {
      legacyServer: accountServer(settings.value.server),
      ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
    });
  const events = new AppEvents();
  const host = new HostController({
    profileDir: options.profileDir,
    onStatus: (status) => events.send('host-status', status),
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
  );

  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  // Until `connect` chooses, the server the settings name (the embedded one on its usual port).
  const saved = settings.value.server;
  const keyStore = options.keyStore ?? new FileKeyStore(join(options.profileDir, 'static-key.json'));
  const client = newChatClient({
    p2p: {
      staticKeys: loadOrCreateStaticKey(keyStore),
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
  });

  const record = (event: ClientEvent): void => {
    if (event.type === 'reconnected') loggedIn = event.username;
    const account = accountFor(loggedIn);
    if (account !== undefined) conversations.record(event, account);
  };
  const offClient = client.onAny((event) => {
    try {
      record(event);
    } catch (error) {
      log(`history: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { type, ...payload } = event;
    events.send(type, payload);
    // Logged in again by itself, perhaps now over TLS (hosting switched to the local network).
    if (event.type === 'reconnected') trust.connected(client.serverIdentity);
  });

  const handlers = createHandlers({
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
    onSettings: () => events.send('settings', settings.value),
    ...(options.shell === undefined ? {} : { shell: options.shell }),
  });

  if (settings.value.hosting.enabled) {
    host.start(settings.value.hosting).catch((error: unknown) => log(`host: ${String(error)}`));
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
      history.close();
    }
  };
  return Promise.resolve({
    handlers,
    on: (event, listener) => events.on(event, listener),
    onAny: (listener) => events.onAny(listener),
    close: () => (closing ??= close()),
  });
}
