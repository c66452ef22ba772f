/** The events and the state snapshot a ParleyClient offers its UIs: the client's whole output. */
import type { RejectReason } from '../../src-shared/protocol/index.js';
import type { ChatMessage, Conversation } from './chat-model.js';
import type { EndedBy } from './peer-connection.js';
import type { DisconnectReason, SessionState } from './server-session.js';

export interface ClientEvents {
  state: { readonly state: SessionState; readonly previous: SessionState };
  /** The server connection ended; `shutdown` and `lost` leave private chats running. */
  disconnected: { readonly reason: DisconnectReason; readonly message?: string };
  /** A message entered the model: received (any kind, offline ones too) or being sent. */
  message: { readonly message: ChatMessage };
  /** A sent message changed delivery state; `localId` is the id it had while `sending`. */
  'message-updated': { readonly message: ChatMessage; readonly localId: string };
  presence: { readonly user: string; readonly online: boolean };
  /** The whole online list was replaced (at login, after whoelse). */
  'online-users': { readonly users: readonly string[] };
  blocklist: { readonly users: readonly string[] };
  'private-request': { readonly requestId: string; readonly from: string };
  'private-rejected': { readonly requestId: string; readonly user: string; readonly reason: RejectReason };
  'private-failed': { readonly user: string; readonly message: string };
  'private-started': { readonly user: string; readonly initiator: boolean };
  'private-ended': { readonly user: string; readonly by: EndedBy; readonly reason: string };
  /** Something worth showing that is not an answer to a command (server notices, protocol errors). */
  notice: { readonly message: string; readonly status?: number };
}

/** Any client event as one tagged value, for code that handles them all in one place. */
export type ClientEvent = {
  [K in keyof ClientEvents]: { readonly type: K } & ClientEvents[K];
}[keyof ClientEvents];

export const CLIENT_EVENT_NAMES = [
  'state',
  'disconnected',
  'message',
  'message-updated',
  'presence',
  'online-users',
  'blocklist',
  'private-request',
  'private-rejected',
  'private-failed',
  'private-started',
  'private-ended',
  'notice',
] as const satisfies readonly (keyof ClientEvents)[];

export interface ClientSnapshot {
  readonly state: SessionState;
  readonly username: string | undefined;
  readonly online: readonly string[];
  readonly blocked: readonly string[];
  readonly conversations: readonly Conversation[];
  readonly privateChats: readonly string[];
  readonly privateRequests: readonly { requestId: string; from: string }[];
}
