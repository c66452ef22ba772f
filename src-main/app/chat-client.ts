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
  ServerAddress,
  SessionState,
} from '../../src-shared/api/index.js';
import { ParleyClient, type ServerIdentity, type TlsPolicy } from '../client/index.js';
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
  sendMessage(to: string, text: string): Promise<ChatMessage>;
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
}

export function newChatClient(options: ChatClientOptions): ChatClient {
  return new ParleyClient(options);
}
