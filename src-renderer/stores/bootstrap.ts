/**
 * Feeds the stores: subscribes to every event, then rebuilds everything from one snapshot (at
 * start and after a reload). Events that arrive while the snapshot is on its way are replayed on
 * top of it; the stores drop what they already have.
 */
import { keyFor, type ApiEventName, type ApiEvents, type AppSnapshot } from '../../src-shared/api/index.js';
import { api, call, errorOf } from '../api.js';
import { useConversationsStore } from './conversations-store.js';
import { useFilesStore } from './files-store.js';
import { useHostStore } from './host-store.js';
import { usePeopleStore } from './people-store.js';
import { usePrivateStore } from './private-store.js';
import { useRoomsStore } from './rooms-store.js';
import { useSafetyStore } from './safety-store.js';
import { useSearchStore } from './search-store.js';
import { useSessionStore } from './session-store.js';
import { useSettingsStore } from './settings-store.js';
import { useSignalsStore } from './signals-store.js';
import { useTrustStore } from './trust-store.js';
import { useUiStore } from './ui-store.js';

type Handlers = { [E in ApiEventName]: (payload: ApiEvents[E]) => void };

const session = () => useSessionStore.getState();
const conversations = () => useConversationsStore.getState();
const people = () => usePeopleStore.getState();
const privates = () => usePrivateStore.getState();
const signals = () => useSignalsStore.getState();

/** One handler per event: the compiler holds this table complete. */
const handlers: Handlers = {
  state: (p) => session().onState(p.state),
  disconnected: (p) => session().onDisconnected(p.reason, p.message),
  reconnecting: (p) => session().onReconnecting(p.attempt, p.at),
  reconnected: (p) => session().onReconnected(p.username),
  message: (p) => {
    conversations().onMessage(p.message);
    signals().onMessage(p.message);
  },
  'message-updated': (p) => conversations().onUpdated(p.message, p.localId),
  presence: (p) => people().onPresence(p.user, p.online),
  'online-users': (p) => people().onOnline(p.users),
  'recent-users': (p) => people().onRecent(p.seconds, p.users),
  blocklist: (p) => people().onBlocklist(p.users),
  'private-request': (p) => privates().onRequest(p),
  'private-cancelled': (p) => privates().onCancelled(p.requestId, p.from, p.reason),
  'private-rejected': (p) => privates().onRejected(p.user, p.reason),
  'private-failed': (p) => {
    privates().onFailed(p.user, p.message);
    // A refused key change shows up in the header; the safety store learns it from the core.
    void useSafetyStore.getState().load(p.user);
  },
  'private-started': (p) => {
    privates().onStarted(p.user);
    // Whoever asked sees the chat open; the one who accepted has just clicked Accept.
    useConversationsStore.getState().open(keyFor('private', p.user));
  },
  'private-ended': (p) => privates().onEnded(p.user, p.by, p.reason),
  'file-offer': (p) => useFilesStore.getState().onTransfer(p.transfer),
  'file-update': (p) => useFilesStore.getState().onTransfer(p.transfer),
  notice: (p) => useUiStore.getState().notice(p.message),
  'host-status': (p) => useHostStore.getState().apply(p),
  settings: (p) => useSettingsStore.getState().apply(p),
  'private-requests': (p) => privates().onRequests(p.incoming, p.outgoing),
  remembered: (p) => session().onRemembered(p),
  unread: (p) => conversations().onUnread(p.counts, p.mentions),
  'server-trust': (p) => useTrustStore.getState().applyTrust(p),
  'found-servers': (p) => useTrustStore.getState().applyFound(p.servers),
  // The app core follows a relation with `message-updated`; a room's read positions are live here.
  relation: (p) => signals().onRelation(p.key, p.relation),
  typing: (p) => signals().onTyping(p.key, p.from, p.active),
  'room-invited': (p) => {
    void useRoomsStore.getState().load();
    useUiStore.getState().notice(`${p.by} invited you to #${p.room}: open Browse rooms to accept`);
  },
};

function applySnapshot(snapshot: AppSnapshot): void {
  useSettingsStore.getState().apply(snapshot.settings);
  useHostStore.getState().apply(snapshot.host);
  useTrustStore.getState().applyTrust(snapshot.serverTrust ?? {});
  useTrustStore.getState().applyFound(snapshot.foundServers ?? []);
  session().applySnapshot(snapshot.client);
  session().onRemembered(snapshot.remember);
  people().applySnapshot(snapshot.client.online, snapshot.client.blocked);
  privates().applySnapshot(snapshot.client);
  conversations().applySnapshot(snapshot.client.conversations, snapshot.view);
  void useFilesStore
    .getState()
    .load()
    .catch(() => undefined);
}

/** Events held back while a snapshot is on its way; undefined when they apply at once. */
let pending: (() => void)[] | undefined;

/** Applies a fresh snapshot, then the events that arrived while it was coming. */
async function resync(): Promise<void> {
  pending ??= [];
  try {
    applySnapshot(await call('snapshot', {}));
  } finally {
    const queued = pending;
    pending = undefined;
    for (const run of queued) run();
  }
}

/** The previous user's chat must not show, even for a moment, to whoever logs in next. */
function clearChat(): void {
  useConversationsStore.getState().reset();
  useSearchStore.getState().reset();
  useRoomsStore.getState().reset();
  useSignalsStore.getState().reset();
  usePeopleStore.setState({
    online: [],
    recent: undefined,
    windows: {},
    offlineAt: {},
    blocked: [],
    error: undefined,
  });
  usePrivateStore.setState({ incoming: [], outgoing: {}, chats: [], ended: {}, lines: [] });
}

export async function bootstrap(): Promise<void> {
  pending = [];
  for (const name of Object.keys(handlers) as ApiEventName[]) {
    api.on(name, (payload) => {
      const run = () => (handlers[name] as (p: typeof payload) => void)(payload);
      if (pending) pending.push(run);
      else run();
    });
  }
  try {
    await resync();
  } catch (cause) {
    const message = errorOf(cause).message;
    useUiStore.setState((s) => ({
      fatal: s.fatal ?? { message, advice: 'Reload the page to try again.', canReload: true },
    }));
    return;
  }
  // Each login (the same user or another) starts from the core's state for that user.
  useSessionStore.subscribe((now, before) => {
    if (before.inChat && !now.inChat) clearChat();
    if (now.inChat && !before.inChat) void resync().catch(() => undefined);
  });
  useUiStore.setState({ ready: true });
}
