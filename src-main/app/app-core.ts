/**
 * The app core both shells run (Electron main, browser mode): one chat client, the embedded
 * server, settings and local history, behind the contract's handler table and events.
 */
import { join } from 'node:path';
import type { ApiEventName, ApiEvents, ApiHandlers, ClientEvent } from '../../src-shared/api/index.js';
import { FileKeyStore, loadOrCreateStaticKey, type KeyStore } from '../client/trust/key-store.js';
import { PinStore } from '../client/trust/pin-store.js';
import type { ScryptParams } from '../store/password.js';
import { AppEvents } from './app-events.js';
import { newChatClient } from './chat-client.js';
import type { ShellActions } from './file-handlers.js';
import { createHandlers, fileSettingsOf } from './handlers.js';
import { keyOf, LocalHistory } from './history.js';
import { HostController } from './host-controller.js';
import { SettingsStore } from './settings-store.js';
import { UnreadCounts } from './unread.js';

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
    new LocalHistory(
      join(options.profileDir, 'history.sqlite'),
      options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
    );
  const events = new AppEvents();
  const host = new HostController({
    profileDir: options.profileDir,
    onStatus: (status) => events.send('host-status', status),
    log,
    ...(options.passwordParams ? { passwordParams: options.passwordParams } : {}),
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  const unread = new UnreadCounts(history, (report) => events.send('unread', report));
  let loggedIn: string | undefined;
  /** Owners whose earlier runs' messages were retired (once per owner per run). */
  const retired = new Set<string>();
  const owner = (): string | undefined => loggedIn ?? settings.value.lastUsername;
  unread.switchTo(owner());

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
    // Saved (committed) before the server hears the ack: a message is never acknowledged and then
    // lost. The saves of one turn share a commit, so a backlog doesn't cost one per message.
    acceptIncoming: (message) => {
      if (loggedIn === undefined) return true;
      const isNew = history.saveIncoming(loggedIn, message);
      return history.committed().then(() => isNew);
    },
  });

  const record = (event: ClientEvent): void => {
    if (event.type === 'reconnected') {
      loggedIn = event.username;
      unread.switchTo(loggedIn);
    }
    if (loggedIn === undefined) return;
    if (event.type === 'message') {
      const { message } = event;
      if (message.direction === 'in') {
        // Direct ones were saved by acceptIncoming already.
        if (message.kind !== 'direct') history.saveIncoming(loggedIn, message);
        unread.bump(keyOf(message));
      } else history.saveOwn(loggedIn, message);
    } else if (event.type === 'message-updated') {
      history.updateOwn(loggedIn, event.message, event.localId);
    }
  };
  const offClient = client.onAny((event) => {
    try {
      record(event);
    } catch (error) {
      log(`history: ${error instanceof Error ? error.message : String(error)}`);
    }
    const { type, ...payload } = event;
    events.send(type, payload);
  });

  const handlers = createHandlers({
    client,
    history,
    host,
    settings,
    unread,
    connectTimeoutMs,
    owner,
    beginLogin: (username) => {
      const previous = loggedIn;
      loggedIn = username;
      unread.switchTo(username);
      if (!retired.has(username)) {
        retired.add(username);
        history.retireEarlierRun(username);
      }
      return () => {
        loggedIn = previous;
        unread.switchTo(owner());
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
