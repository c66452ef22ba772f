/**
 * Handlers of the contract's room, relation, receipt and typing commands (src-shared/api/rooms.ts)
 * and the read side of `markRead`: the conversation service keeps what comes back; receipts go
 * only while "Send read receipts" is on.
 */
import { parseKey, roomOf, type ApiHandlers } from '../../src-shared/api/index.js';
import { AppError } from './app-error.js';
import type { ChatClient } from './chat-client.js';
import type { ConversationService } from './conversation-service.js';
import { withMute } from './mutes.js';
import type { SettingsStore } from './settings-store.js';

type RoomHandlers = Pick<
  ApiHandlers,
  | 'listRooms'
  | 'createRoom'
  | 'joinRoom'
  | 'inviteToRoom'
  | 'leaveRoom'
  | 'kickFromRoom'
  | 'setTopic'
  | 'roomMembers'
  | 'sendRoomMessage'
  | 'loadOlder'
  | 'editMessage'
  | 'deleteMessage'
  | 'react'
  | 'typing'
  | 'muteConversation'
  | 'markRead'
>;

const done = {} as Record<string, never>;

/** Relations and typing exist in direct conversations and rooms only. */
function serverConversation(key: string): string {
  const kind = parseKey(key)?.kind;
  if (kind !== 'direct' && kind !== 'room')
    throw new AppError('invalid-input', 'Only direct conversations and rooms have this.');
  return key;
}

export function createRoomHandlers(
  client: ChatClient,
  conversations: ConversationService,
  settings: SettingsStore,
): RoomHandlers {
  return {
    listRooms: async () => ({ rooms: await client.listRooms() }),
    createRoom: async ({ room, private: isPrivate, topic }) => ({
      room: await client.createRoom(room, {
        ...(isPrivate === undefined ? {} : { private: isPrivate }),
        ...(topic === undefined ? {} : { topic }),
      }),
    }),
    joinRoom: async ({ room }) => ({ room: await client.joinRoom(room) }),
    inviteToRoom: async ({ room, user }) => {
      await client.inviteToRoom(room, user);
      return done;
    },
    leaveRoom: async ({ room }) => {
      await client.leaveRoom(room);
      return done;
    },
    kickFromRoom: async ({ room, user }) => {
      await client.kickFromRoom(room, user);
      return done;
    },
    setTopic: async ({ room, topic }) => {
      await client.setTopic(room, topic);
      return done;
    },
    roomMembers: async ({ room }) => ({ members: await client.roomMembers(room) }),
    sendRoomMessage: ({ room, text, replyTo }) => client.sendRoomMessage(room, text, replyTo),
    loadOlder: async ({ key, before, limit }) => {
      const room = roomOf(key);
      if (room === undefined)
        throw new AppError('invalid-input', 'Only rooms have older history on the server.');
      const from = before ?? conversations.oldestSeq(key);
      if (from === 1) return { messages: [], more: false };
      const page = await client.roomHistory(room, {
        ...(from === undefined ? {} : { before: from }),
        ...(limit === undefined ? {} : { limit }),
      });
      return { messages: conversations.saveOlder(key, page.events), more: page.more };
    },
    editMessage: async ({ key, id, text }) => {
      await client.editMessage(serverConversation(key), id, text);
      return done;
    },
    deleteMessage: async ({ key, id }) => {
      await client.deleteMessage(serverConversation(key), id);
      return done;
    },
    react: async ({ key, id, emoji, on }) => {
      await client.react(serverConversation(key), id, emoji, on);
      return done;
    },
    typing: async ({ key, active }) => {
      await client.typing(serverConversation(key), active);
      return done;
    },
    muteConversation: ({ key, muted }) => {
      const account = conversations.account;
      if (account === undefined)
        return Promise.reject(new AppError('invalid-input', 'Log in to mute a conversation.'));
      settings.update({ muted: withMute(settings.value.muted ?? [], account, key, muted) });
      return Promise.resolve(done);
    },
    markRead: ({ key }) => {
      const upTo = conversations.markRead(key);
      const kind = parseKey(key)?.kind;
      const receipts = settings.value.sendReadReceipts !== false;
      if (receipts && upTo !== undefined && (kind === 'direct' || kind === 'room'))
        client.sendReadReceipt(key, upTo);
      return Promise.resolve(done);
    },
  };
}
