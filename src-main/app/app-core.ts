/**
 * The app core both shells run (Electron main, browser mode): one chat client, the embedded
 * server, settings and local history, behind the contract's handler table and events.
 */
import { join } from 'node:path';
import type {
  ApiEventName,
  ApiEvents,
  ApiHandlers,
  ClientEvent,
  HostStatus,
  RememberState,
} from '../../src-shared/api/index.js';
import type { ScryptParams } from '../store/password.js';
import { AppEvents } from './app-events.js';
import { newChatClient } from './chat-client.js';
import { createHandlers } from './handlers.js';
import { keyOf, LocalHistory } from './history.js';
import { HostController } from './host-controller.js';
import { lockProfile } from './profile-lock.js';
import { RememberedLogins } from './remembered-login.js';
import { profileFileBox, type SecretBox } from './secret-box.js';
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
  /** Seals a remembered password: the shell passes the OS keychain's; default a profile key file. */
  readonly secretBox?: SecretBox;
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
  try {
    settings = new SettingsStore(options.profileDir);
    history =
      options.history ??
      new LocalHistory(
        join(options.profileDir, 'history.sqlite'),
        options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding },
      );
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
  const client = newChatClient({
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
  });

  const handlers = withPrivateRequests(
    createHandlers({
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
    close: () => (closing ??= close()),
  });
}
