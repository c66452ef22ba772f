/**
 * The part of ParleyClient the app drives (the client core's target surface, see
 * /work/briefs/interfaces.md), as a structural type: the app core depends on this, and
 * `newChatClient` makes the one instance per app.
 */
import type {
  ChatMessage,
  ClientEvent,
  ClientEventName,
  ClientEvents,
  ClientSnapshot,
  RoomMember,
  RoomSummary,
  ServerAddress,
  SessionState,
} from '../../src-shared/api/index.js';
import {
  ParleyClient,
  type HistoryPage,
  type ServerIdentity,
  type StoredEvent,
  type TlsPolicy,
} from '../client/index.js';
import type { PrivateChatsOptions } from '../client/private-chats.js';
import type { SafetyInfo } from '../client/trust/safety.js';
import type { FileSettings } from '../client/files/chat-files.js';
import type { TransferInfo } from '../client/files/file-transfers.js';

export interface ChatClientOptions {
  readonly host: string;
  readonly port: number;
  readonly connectTimeoutMs?: number;
  /** Runs for each new received direct message before it is acknowledged; false: already known. */
  readonly acceptIncoming?: (message: ChatMessage) => boolean | Promise<boolean>;
  /** The same for every other stored stream item (room items, relations). */
  readonly acceptItem?: (event: StoredEvent) => boolean | Promise<boolean>;
  /** TLS settings per server address; absent: plain TCP. */
  readonly tls?: TlsPolicy;
  /** The profile's static key and pins for encrypted private chats. */
  readonly p2p?: PrivateChatsOptions;
  readonly files?: FileSettings;
}

export interface ChatClient {
  on<K extends ClientEventName>(event: K, listener: (payload: ClientEvents[K]) => void): () => void;
  onAny(listener: (event: ClientEvent) => void): () => void;
  readonly server: ServerAddress;
  setServer(address: ServerAddress): void;
  readonly state: SessionState;
  /** How the server of the current connection was trusted (TLS, fingerprint). */
  readonly serverIdentity: ServerIdentity | undefined;
  connect(): Promise<void>;
  register(username: string, password: string): Promise<void>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  disconnect(): Promise<void>;
  reconnectNow(): Promise<void> | void;
  sendMessage(to: string, text: string, replyTo?: string): Promise<ChatMessage>;
  retryMessage(localId: string): Promise<ChatMessage>;
  broadcast(text: string): Promise<{ message: ChatMessage; skipped: number }>;
  whoelse(): Promise<string[]>;
  whoelseSince(seconds: number): Promise<string[]>;
  block(user: string): Promise<void>;
  unblock(user: string): Promise<void>;
  startPrivate(user: string): Promise<string>;
  cancelPrivate(requestId: string): Promise<void>;
  answerPrivate(requestId: string, accept: boolean): Promise<void>;
  sendPrivate(user: string, text: string): Promise<ChatMessage>;
  stopPrivate(user: string): Promise<void>;
  safety(user: string): SafetyInfo;
  setVerified(user: string, verified: boolean): SafetyInfo;
  acceptNewKey(user: string): SafetyInfo;
  readonly keyProtection: string;
  sendFile(user: string, path: string): Promise<TransferInfo>;
  acceptFile(id: string): Promise<TransferInfo>;
  rejectFile(id: string, reason?: string): TransferInfo;
  cancelFile(id: string): TransferInfo;
  retryFile(id: string): Promise<TransferInfo>;
  files(): TransferInfo[];
  setFileSettings(settings: { downloadsFolder?: string; maxBytes?: number }): void;
  snapshot(): ClientSnapshot;
  findUsers(prefix: string, limit?: number): Promise<string[]>;
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  deleteAccount(password: string): Promise<void>;
  // Protocol 1.2: rooms, relations, receipts, typing.
  readonly username: string | undefined;
  listRooms(): Promise<RoomSummary[]>;
  createRoom(room: string, options?: { private?: boolean; topic?: string }): Promise<string>;
  joinRoom(room: string): Promise<string>;
  inviteToRoom(room: string, user: string): Promise<void>;
  leaveRoom(room: string): Promise<void>;
  kickFromRoom(room: string, user: string): Promise<void>;
  setTopic(room: string, topic: string): Promise<void>;
  roomMembers(room: string): Promise<RoomMember[]>;
  sendRoomMessage(room: string, text: string, replyTo?: string): Promise<ChatMessage>;
  roomHistory(room: string, page?: { before?: number; limit?: number }): Promise<HistoryPage>;
  editMessage(key: string, id: string, text: string): Promise<void>;
  deleteMessage(key: string, id: string): Promise<void>;
  react(key: string, id: string, emoji: string, on: boolean): Promise<void>;
  sendReadReceipt(key: string, upTo: string | number): void;
  typing(key: string, active: boolean): Promise<void>;
}

export function newChatClient(options: ChatClientOptions): ChatClient {
  return new ParleyClient(options);
}
