/**
 * Private (peer-to-peer) chats: requests that others sent this user, the ones this user sent,
 * the chats running now, and how the ended ones ended.
 */
import { create } from 'zustand';
import type { ClientSnapshot, EndedBy, IncomingPrivateRequest } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';

export interface OutgoingRequest {
  user: string;
  requestId: string | undefined;
  /** `asking`: the server has not answered yet; `waiting`: the peer has the request. */
  status: 'asking' | 'waiting' | 'failed';
  reason?: string;
}

interface PrivateStore {
  incoming: IncomingPrivateRequest[];
  outgoing: Record<string, OutgoingRequest>;
  chats: string[];
  ended: Record<string, { by: EndedBy; reason: string }>;
  /**
   * Short lines for the sidebar, e.g. "yoda's request expired"; newest last, one per person
   * (a newer one replaces the older), each gone by itself after LINE_MS or when dismissed.
   */
  lines: { id: number; text: string; about?: string }[];

  applySnapshot: (snapshot: ClientSnapshot) => void;
  onRequest: (request: IncomingPrivateRequest) => void;
  onCancelled: (requestId: string, from: string, reason: string) => void;
  onRejected: (user: string, reason: string) => void;
  onFailed: (user: string, message: string) => void;
  onStarted: (user: string) => void;
  onEnded: (user: string, by: EndedBy, reason: string) => void;

  start: (user: string) => Promise<void>;
  cancel: (user: string) => Promise<void>;
  dismiss: (user: string) => void;
  answer: (requestId: string, accept: boolean) => Promise<void>;
  stop: (user: string) => Promise<void>;
  dismissLine: (id: number) => void;
}

let nextLineId = 1;

/** How long a sidebar line stays: it tells of something already over. */
export const LINE_MS = 60_000;

const cancelWords: Record<string, string> = {
  timeout: 'expired',
  offline: 'ended: they went offline',
  cancelled: 'was withdrawn',
};

const rejectWords: Record<string, string> = {
  rejected: 'declined.',
  timeout: 'did not answer in time.',
  offline: 'went offline before answering.',
};

/** A sidebar line; one about the same person replaces the older one. */
function addLine(text: string, about?: string): void {
  const id = nextLineId++;
  const { lines } = usePrivateStore.getState();
  const others = lines.filter((l) => l.text !== text && (about === undefined || l.about !== about));
  usePrivateStore.setState({
    lines: [...others, { id, text, ...(about === undefined ? {} : { about }) }].slice(-3),
  });
  setTimeout(() => usePrivateStore.getState().dismissLine(id), LINE_MS);
}

export const usePrivateStore = create<PrivateStore>()((set, get) => ({
  incoming: [],
  outgoing: {},
  chats: [],
  ended: {},
  lines: [],

  applySnapshot(snapshot) {
    const outgoing: Record<string, OutgoingRequest> = {};
    for (const r of snapshot.outgoingRequests)
      outgoing[r.user] = { user: r.user, requestId: r.requestId, status: 'waiting' };
    set({ incoming: snapshot.privateRequests, outgoing, chats: snapshot.privateChats });
  },
  onRequest(request) {
    set({
      incoming: [...get().incoming.filter((r) => r.requestId !== request.requestId), request],
      lines: get().lines.filter((l) => l.about !== request.from),
    });
  },
  onCancelled(requestId, from, reason) {
    const text = `${from}'s private chat request ${cancelWords[reason] ?? 'ended'}`;
    set({ incoming: get().incoming.filter((r) => r.requestId !== requestId) });
    addLine(text, from);
  },
  onRejected(user, reason) {
    const words = rejectWords[reason] ?? 'did not accept.';
    set({
      outgoing: {
        ...get().outgoing,
        [user]: { user, requestId: undefined, status: 'failed', reason: `${user} ${words}` },
      },
    });
  },
  onFailed(user, message) {
    set({
      outgoing: {
        ...get().outgoing,
        [user]: { user, requestId: undefined, status: 'failed', reason: message },
      },
    });
  },
  onStarted(user) {
    // Whatever the sidebar said about this person's requests is over now.
    set({ lines: get().lines.filter((l) => l.about !== user) });
    const { [user]: _, ...outgoing } = get().outgoing;
    const { [user]: __, ...ended } = get().ended;
    set({ outgoing, ended, chats: [...get().chats.filter((u) => u !== user), user] });
  },
  onEnded(user, by, reason) {
    set({ chats: get().chats.filter((u) => u !== user), ended: { ...get().ended, [user]: { by, reason } } });
  },

  async start(user) {
    set({ outgoing: { ...get().outgoing, [user]: { user, requestId: undefined, status: 'asking' } } });
    try {
      const { requestId } = await call('startPrivate', { user });
      const now = get().outgoing[user];
      // The answer may already have come (started, rejected) while the reply was on its way.
      if (now?.status === 'asking')
        set({ outgoing: { ...get().outgoing, [user]: { user, requestId, status: 'waiting' } } });
    } catch (cause) {
      get().onFailed(user, errorOf(cause).message);
    }
  },
  async cancel(user) {
    const request = get().outgoing[user];
    get().dismiss(user);
    if (request?.requestId === undefined) return;
    try {
      await call('cancelPrivate', { requestId: request.requestId });
    } catch {
      // Already answered or expired: its own event tells what happened.
    }
  },
  dismiss(user) {
    const { [user]: _, ...outgoing } = get().outgoing;
    set({ outgoing });
  },
  async answer(requestId, accept) {
    set({ incoming: get().incoming.filter((r) => r.requestId !== requestId) });
    try {
      await call('answerPrivate', { requestId, accept });
    } catch (cause) {
      addLine(errorOf(cause).message);
    }
  },
  async stop(user) {
    try {
      await call('stopPrivate', { user });
    } catch {
      // Already ended: the ended event has said so.
    }
  },
  dismissLine(id) {
    set({ lines: get().lines.filter((l) => l.id !== id) });
  },
}));
