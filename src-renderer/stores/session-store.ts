/**
 * Who is logged in, to which server, and what the connection is doing: the state that decides
 * which screen shows (connect, log in, or the chat) and the banner about the connection.
 */
import { create } from 'zustand';
import type {
  ApiError,
  ClientSnapshot,
  DisconnectReason,
  ServerAddress,
  SessionState,
} from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { useSettingsStore } from './settings-store.js';

export type ConnectChoice =
  { mode: 'embedded' } | { mode: 'remote'; host: string; port: number; tls?: boolean };

/** What the last failed step was, so the screen can word its answer. */
export interface SessionError extends ApiError {
  step: 'connect' | 'login' | 'register';
  username?: string;
  /** For a lockout whose length we know (our own server): when the name can be tried again. */
  retryAt?: number;
}

interface SessionStore {
  state: SessionState;
  username: string | undefined;
  server: ServerAddress | undefined;
  /** True from login until a logout or being logged out; stays true while reconnecting. */
  inChat: boolean;
  reconnect: { attempt: number; at: number } | undefined;
  disconnect: { reason: DisconnectReason; message?: string } | undefined;
  /** Why the user is back at the log-in screen without asking (inactivity, server gone). */
  signedOutReason: string | undefined;
  /** The user asked to go back to the connect screen (Change server). */
  choosingServer: boolean;
  busy: boolean;
  error: SessionError | undefined;

  applySnapshot: (snapshot: ClientSnapshot) => void;
  onState: (state: SessionState) => void;
  onDisconnected: (reason: DisconnectReason, message: string | undefined) => void;
  onReconnecting: (attempt: number, at: number) => void;
  onReconnected: (username: string) => void;

  connect: (choice: ConnectChoice) => Promise<boolean>;
  login: (username: string, password: string) => Promise<void>;
  register: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  reconnectNow: () => Promise<void>;
  chooseServer: (choosing: boolean) => void;
  clearError: () => void;
}

async function ensureConnected(get: () => SessionStore): Promise<void> {
  const { state } = get();
  if (state === 'connected') return;
  const server = useSettingsStore.getState().settings?.server ?? { mode: 'embedded' as const };
  const address = await call('connect', server);
  useSessionStore.setState({ server: address });
}

export const useSessionStore = create<SessionStore>()((set, get) => ({
  state: 'disconnected',
  username: undefined,
  server: undefined,
  inChat: false,
  reconnect: undefined,
  disconnect: undefined,
  signedOutReason: undefined,
  choosingServer: false,
  busy: false,
  error: undefined,

  applySnapshot(snapshot) {
    const reconnecting = snapshot.reconnectAt !== undefined;
    set({
      state: snapshot.state,
      username: snapshot.username,
      server: snapshot.server,
      inChat: snapshot.state === 'logged-in' || (reconnecting && snapshot.username !== undefined),
      reconnect: reconnecting ? { attempt: 1, at: snapshot.reconnectAt ?? Date.now() } : undefined,
    });
  },
  onState(state) {
    if (state === 'logged-in') {
      set({ state, inChat: true, reconnect: undefined, disconnect: undefined, signedOutReason: undefined });
    } else if (state === 'timed-out') {
      set({
        state,
        inChat: false,
        reconnect: undefined,
        signedOutReason:
          'You were logged out because you were inactive for a while. Log in again to carry on.',
      });
    } else {
      set({ state });
    }
  },
  onDisconnected(reason, message) {
    switch (reason) {
      case 'logout':
      case 'closed':
        set({ inChat: false, reconnect: undefined, disconnect: undefined });
        break;
      case 'timeout':
        set({
          inChat: false,
          reconnect: undefined,
          signedOutReason:
            'You were logged out because you were inactive for a while. Log in again to carry on.',
        });
        break;
      case 'admin':
        set({
          inChat: false,
          reconnect: undefined,
          signedOutReason: 'The host of this server logged you out. Log in again to carry on.',
        });
        break;
      case 'shutdown':
      case 'lost':
        set({ disconnect: message === undefined ? { reason } : { reason, message } });
        break;
    }
  },
  onReconnecting(attempt, at) {
    set({ reconnect: { attempt, at } });
  },
  onReconnected(username) {
    set({ username, inChat: true, reconnect: undefined, disconnect: undefined });
  },

  async connect(choice) {
    set({ busy: true, error: undefined });
    try {
      const address = await call('connect', choice);
      // Only now: the screen moves on to log-in once `onboarded` is set.
      await useSettingsStore.getState().update({ server: choice, onboarded: true });
      set({ server: address, busy: false, choosingServer: false, signedOutReason: undefined });
      return true;
    } catch (cause) {
      set({ busy: false, error: { ...errorOf(cause), step: 'connect' } });
      return false;
    }
  },
  async login(username, password) {
    set({ busy: true, error: undefined });
    try {
      await ensureConnected(get);
      const result = await call('login', { username, password });
      void useSettingsStore.getState().update({ lastUsername: result.username });
      set({ busy: false, username: result.username, inChat: true, signedOutReason: undefined });
    } catch (cause) {
      const error: SessionError = { ...errorOf(cause), step: 'login', username };
      const settings = useSettingsStore.getState().settings;
      if (error.status === 403 && settings?.server.mode === 'embedded') {
        error.retryAt = Date.now() + settings.hosting.blockDurationSeconds * 1000;
      }
      set({ busy: false, error });
    }
  },
  async register(username, password) {
    set({ busy: true, error: undefined });
    try {
      await ensureConnected(get);
      await call('register', { username, password });
    } catch (cause) {
      set({ busy: false, error: { ...errorOf(cause), step: 'register', username } });
      return;
    }
    await get().login(username, password);
  },
  async logout() {
    set({ busy: true });
    try {
      await call('logout', {});
    } catch {
      // Logged out locally either way: the connection is gone or going.
    }
    set({
      busy: false,
      inChat: false,
      reconnect: undefined,
      disconnect: undefined,
      signedOutReason: undefined,
    });
  },
  async reconnectNow() {
    try {
      await call('reconnectNow', {});
    } catch (cause) {
      set({ disconnect: { reason: 'lost', message: errorOf(cause).message } });
    }
  },
  chooseServer(choosing) {
    set({ choosingServer: choosing, error: undefined });
  },
  clearError() {
    set({ error: undefined });
  },
}));
