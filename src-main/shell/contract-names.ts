/**
 * The contract's command and event names without its schemas: the sandboxed preload can only
 * require 'electron', so it gets names, not zod. `satisfies` makes the compiler hold both tables
 * equal to the contract's (a missing or extra name fails to compile).
 */
import type { ApiCommandName, ApiEventName } from '../../src-shared/api/index.js';

const commands = {
  snapshot: true,
  updateSettings: true,
  connect: true,
  register: true,
  login: true,
  logout: true,
  forgetMe: true,
  reconnectNow: true,
  sendMessage: true,
  retryMessage: true,
  broadcast: true,
  whoelse: true,
  whoelseSince: true,
  block: true,
  unblock: true,
  startPrivate: true,
  cancelPrivate: true,
  answerPrivate: true,
  sendPrivate: true,
  stopPrivate: true,
  safetyNumber: true,
  setVerified: true,
  acceptNewKey: true,
  encryptionInfo: true,
  sendFile: true,
  acceptFile: true,
  rejectFile: true,
  cancelFile: true,
  retryFile: true,
  listFiles: true,
  chooseFile: true,
  showInFolder: true,
  loadConversation: true,
  markRead: true,
  setDraft: true,
  searchMessages: true,
  setOpenConversation: true,
  setHosting: true,
  findUsers: true,
  changePassword: true,
  deleteAccount: true,
  listAccounts: true,
  adminLogOut: true,
  adminLock: true,
  adminUnlock: true,
  adminRemove: true,
  listRooms: true,
  createRoom: true,
  joinRoom: true,
  inviteToRoom: true,
  leaveRoom: true,
  kickFromRoom: true,
  setTopic: true,
  roomMembers: true,
  sendRoomMessage: true,
  loadOlder: true,
  editMessage: true,
  deleteMessage: true,
  react: true,
  typing: true,
  muteConversation: true,
  acceptServerCertificate: true,
} as const satisfies Record<ApiCommandName, true>;

const events = {
  state: true,
  disconnected: true,
  reconnecting: true,
  reconnected: true,
  message: true,
  'message-updated': true,
  presence: true,
  'online-users': true,
  'recent-users': true,
  blocklist: true,
  'private-request': true,
  'private-cancelled': true,
  'private-rejected': true,
  'private-failed': true,
  'private-started': true,
  'private-ended': true,
  'file-offer': true,
  'file-update': true,
  notice: true,
  'host-status': true,
  settings: true,
  'private-requests': true,
  remembered: true,
  unread: true,
  relation: true,
  typing: true,
  'room-invited': true,
  'server-trust': true,
  'found-servers': true,
} as const satisfies Record<ApiEventName, true>;

export const COMMAND_NAMES = Object.keys(commands) as ApiCommandName[];
export const EVENT_NAMES = Object.keys(events) as ApiEventName[];

const CHANNEL_PREFIX = 'parley:';

/** The same as the contract's channelOf, without importing its runtime (and zod with it). */
export function channelFor(name: ApiCommandName | ApiEventName): string {
  return `${CHANNEL_PREFIX}${name}`;
}
