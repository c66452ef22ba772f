/**
 * The live signals around conversations (protocol 1.2): who is typing where, and how far each
 * room member has read (for "Seen by N"). Both are live only: the client core expires typing after
 * 6 s and forwards each room `[read]` as a relation; nothing here is kept across a log-out.
 */
import { create } from 'zustand';
import { keyOf, roomOf, type ChatMessage, type Relation } from '../../src-shared/api/index.js';
import { call } from '../api.js';

interface SignalsData {
  /** Who types, per conversation key, in the order they started. */
  typing: Record<string, string[]>;
  /** Per room: each member's read position (a seq), from `[roommembers]` and each live `[read]`. */
  roomReads: Record<string, Record<string, number>>;
}

interface SignalsStore extends SignalsData {
  onTyping: (key: string, from: string, active: boolean) => void;
  onRelation: (key: string, relation: Relation) => void;
  /** Their message came: they are no longer typing it. */
  onMessage: (message: ChatMessage) => void;
  /** This user types (`true`) or stopped; the core paces what goes to the server. */
  sendTyping: (key: string, active: boolean) => void;
  /** Every member's read position as `[roommembers]` says it (when a room opens). */
  loadReads: (room: string) => Promise<void>;
  reset: () => void;
}

const initialState = (): SignalsData => ({ typing: {}, roomReads: {} });

function without(typing: Record<string, string[]>, key: string, from: string): Record<string, string[]> {
  const now = typing[key] ?? [];
  if (!now.includes(from)) return typing;
  const rest = now.filter((u) => u !== from);
  const { [key]: _, ...others } = typing;
  return rest.length > 0 ? { ...others, [key]: rest } : others;
}

export const useSignalsStore = create<SignalsStore>()((set, get) => ({
  ...initialState(),

  onTyping(key, from, active) {
    const { typing } = get();
    if (!active) {
      const next = without(typing, key, from);
      if (next !== typing) set({ typing: next });
      return;
    }
    const now = typing[key] ?? [];
    if (!now.includes(from)) set({ typing: { ...typing, [key]: [...now, from] } });
  },
  onRelation(key, relation) {
    const room = roomOf(key);
    if (relation.type !== 'read' || room === undefined || typeof relation.upTo !== 'number') return;
    const reads = get().roomReads[room] ?? {};
    if ((reads[relation.from] ?? 0) >= relation.upTo) return;
    set({ roomReads: { ...get().roomReads, [room]: { ...reads, [relation.from]: relation.upTo } } });
  },
  onMessage(message) {
    if (message.direction !== 'in') return;
    const { typing } = get();
    const next = without(typing, keyOf(message), message.from);
    if (next !== typing) set({ typing: next });
  },
  sendTyping(key, active) {
    void call('typing', { key, active }).catch(() => undefined);
  },
  async loadReads(room) {
    try {
      const { members } = await call('roomMembers', { room });
      const reads = { ...get().roomReads[room] };
      for (const m of members) reads[m.user] = Math.max(reads[m.user] ?? 0, m.readUpTo);
      set({ roomReads: { ...get().roomReads, [room]: reads } });
    } catch {
      // Not a member any more (kicked): nothing to show, and the room's own lines say why.
    }
  },
  reset() {
    set(initialState());
  },
}));

const NOBODY: string[] = [];

/** Who types in one conversation now. */
export function useTypists(key: string): string[] {
  return useSignalsStore((s) => s.typing[key] ?? NOBODY);
}
