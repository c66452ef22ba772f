/**
 * The client's public surface, for the terminal, the app core and browser mode. The shapes it
 * emits and returns (messages, conversations, snapshot, events) are the contract's, in src-shared/api.
 */
export { ParleyClient, type ParleyClientOptions } from './parley-client.js';
export { NO_STATUS, ParleyError, errorMessage, isParleyError } from './parley-error.js';
export type { PrivateChatsOptions, StopReason } from './private-chats.js';
export type { BackoffOptions } from './backoff.js';
export {
  ServerTrustError,
  type ClientTls,
  type PinStore,
  type ServerIdentity,
  type TlsPolicy,
  type TrustBasis,
} from './server-trust.js';
export { FilePinStore } from './file-pin-store.js';
export { probeServer } from './probe-server.js';
