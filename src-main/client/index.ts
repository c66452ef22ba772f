/** The client's public surface, for the terminal, the Electron shell and browser mode. */
export { ParleyClient, type ParleyClientOptions } from './parley-client.js';
export {
  CLIENT_EVENT_NAMES,
  type ClientEvent,
  type ClientEvents,
  type ClientSnapshot,
} from './client-events.js';
export {
  BROADCAST_KEY,
  type ChatMessage,
  type Conversation,
  type DeliveryState,
  type MessageKind,
} from './chat-model.js';
export { NO_STATUS, ParleyError, errorMessage, isParleyError } from './parley-error.js';
export type { DisconnectReason, SessionState } from './server-session.js';
export type { PrivateChatsOptions, StopReason } from './private-chats.js';
export type { EndedBy } from './peer-connection.js';
export type { BackoffOptions } from './backoff.js';
