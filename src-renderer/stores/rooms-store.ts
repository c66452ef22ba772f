/**
 * Rooms as the server lists them (`listRooms`), the members of the open room and the dialogs'
 * errors. Conversations of rooms stay in the conversations store; this one knows the rooms.
 */
import { create } from 'zustand';
import { keyFor, type RoomMember, type RoomSummary } from '../../src-shared/api/index.js';
import { call, errorOf } from '../api.js';
import { useConversationsStore } from './conversations-store.js';

interface RoomsStore {
  rooms: RoomSummary[];
  /** Members per room, as last asked for. */
  members: Record<string, RoomMember[]>;
  error: string | undefined;
  load: () => Promise<void>;
  /** Creates a room and opens it; the server's refusal comes back as its sentence. */
  create: (room: string, isPrivate: boolean, topic: string) => Promise<string | undefined>;
  join: (room: string) => Promise<string | undefined>;
  leave: (room: string) => Promise<string | undefined>;
  invite: (room: string, user: string) => Promise<string | undefined>;
  kick: (room: string, user: string) => Promise<string | undefined>;
  loadMembers: (room: string) => Promise<void>;
  reset: () => void;
}

async function attempt(run: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (cause) {
    return errorOf(cause).message;
  }
}

export const useRoomsStore = create<RoomsStore>()((set, get) => ({
  rooms: [],
  members: {},
  error: undefined,
  async load() {
    try {
      const { rooms } = await call('listRooms', {});
      set({ rooms, error: undefined });
    } catch (cause) {
      set({ error: errorOf(cause).message });
    }
  },
  async create(room, isPrivate, topic) {
    const error = await attempt(() =>
      call('createRoom', { room, private: isPrivate, ...(topic === '' ? {} : { topic }) }),
    );
    if (error === undefined) {
      await get().load();
      useConversationsStore.getState().open(keyFor('room', room));
    }
    return error;
  },
  async join(room) {
    const error = await attempt(() => call('joinRoom', { room }));
    if (error === undefined) {
      await get().load();
      useConversationsStore.getState().open(keyFor('room', room));
    }
    return error;
  },
  async leave(room) {
    const error = await attempt(() => call('leaveRoom', { room }));
    if (error === undefined) {
      await get().load();
      if (useConversationsStore.getState().activeKey === keyFor('room', room)) {
        useConversationsStore.getState().open(undefined);
      }
    }
    return error;
  },
  async invite(room, user) {
    return attempt(() => call('inviteToRoom', { room, user }));
  },
  async kick(room, user) {
    const error = await attempt(() => call('kickFromRoom', { room, user }));
    if (error === undefined) await get().loadMembers(room);
    return error;
  },
  async loadMembers(room) {
    try {
      const { members } = await call('roomMembers', { room });
      set({ members: { ...get().members, [room]: members } });
    } catch (cause) {
      set({ error: errorOf(cause).message });
    }
  },
  reset() {
    set({ rooms: [], members: {}, error: undefined });
  },
}));
