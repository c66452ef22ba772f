/**
 * Every event main sends the renderer, by name, with its payload schema. The client core emits
 * the first group itself; the app adds the rest. Event names come from these tables.
 */
import { z } from 'zod';
import {
  cancelReason,
  chatMessage,
  disconnectReason,
  endedBy,
  incomingPrivateRequest,
  outgoingPrivateRequest,
  rejectReason,
  sessionState,
} from './model.js';
import { fileTransfer } from './files.js';
import { roomClientEventSchemas } from './rooms.js';
import { foundServer, serverTrust } from './server-trust.js';
import { hostStatus, rememberState, settings } from './settings.js';

const users = z.object({ users: z.array(z.string()) });

/** What a ParleyClient emits: the client's whole output. */
export const clientEventSchemas = {
  state: z.object({ state: sessionState, previous: sessionState }),
  /** The server connection ended; `shutdown` and `lost` leave private chats running. */
  disconnected: z.object({ reason: disconnectReason, message: z.string().optional() }),
  /** The client will try to log in again at `at` (ms, local clock); `attempt` counts from 1. */
  reconnecting: z.object({ attempt: z.number().int().positive(), at: z.number() }),
  /** Logged in again by itself after the connection was lost. */
  reconnected: z.object({ username: z.string() }),
  /** A message entered a conversation: received (offline ones too) or being sent. */
  message: z.object({ message: chatMessage }),
  /** A sent message changed delivery state; `localId` is the id it had while `sending`. */
  'message-updated': z.object({ message: chatMessage, localId: z.string() }),
  presence: z.object({ user: z.string(), online: z.boolean() }),
  /** The whole online list was replaced (at login, after whoelse). */
  'online-users': users,
  /** Who was online in the last `seconds` seconds (a whoelsesince answer). */
  'recent-users': z.object({ seconds: z.number().int().positive(), users: z.array(z.string()) }),
  blocklist: users,
  'private-request': incomingPrivateRequest,
  /** A request this user held ended without an answer: the dialog closes. */
  'private-cancelled': z.object({ requestId: z.string(), from: z.string(), reason: cancelReason }),
  'private-rejected': z.object({ requestId: z.string(), user: z.string(), reason: rejectReason }),
  'private-failed': z.object({ user: z.string(), message: z.string() }),
  'private-started': z.object({ user: z.string(), initiator: z.boolean() }),
  'private-ended': z.object({ user: z.string(), by: endedBy, reason: z.string() }),
  /** A peer offers a file in a private chat: answer with acceptFile or rejectFile. */
  'file-offer': z.object({ transfer: fileTransfer }),
  /** A file transfer changed: state, progress (in steps), the final path. */
  'file-update': z.object({ transfer: fileTransfer }),
  /** Something worth showing that answers no command (server notices, protocol errors). */
  notice: z.object({ message: z.string(), status: z.number().int().optional() }),
  ...roomClientEventSchemas,
} as const;

/** What the app adds around the client. */
export const appEventSchemas = {
  'host-status': hostStatus,
  settings,
  /**
   * The private-chat requests waiting now, both ways, after any change (asked, answered,
   * withdrawn, expired): every page of one app shows the same ones, whichever page acted.
   */
  'private-requests': z.object({
    incoming: z.array(incomingPrivateRequest),
    outgoing: z.array(outgoingPrivateRequest),
  }),
  /** The remembered login changed (remembered, forgotten). */
  remembered: rememberState,
  /** After each connection attempt: how the server was trusted, or the certificate problem. */
  'server-trust': serverTrust,
  /** The servers found on the local network now (the whole list each time). */
  'found-servers': z.object({ servers: z.array(foundServer) }),
  /** Unread messages per conversation key (only keys above 0) and their total; `mentions`: those of them that mention this user. */
  unread: z.object({
    counts: z.record(z.string(), z.number().int().positive()),
    total: z.number().int(),
    mentions: z.record(z.string(), z.number().int().positive()).optional(),
  }),
} as const;

export const apiEventSchemas = { ...clientEventSchemas, ...appEventSchemas } as const;

export type ClientEventName = keyof typeof clientEventSchemas;
export type ApiEventName = keyof typeof apiEventSchemas;
export type ClientEvents = { [K in ClientEventName]: z.infer<(typeof clientEventSchemas)[K]> };
export type ApiEvents = { [K in ApiEventName]: z.infer<(typeof apiEventSchemas)[K]> };
export type ApiEventPayload<K extends ApiEventName> = ApiEvents[K];

/** Any client event as one tagged value, for code that handles them all in one place. */
export type ClientEvent = { [K in ClientEventName]: { readonly type: K } & ClientEvents[K] }[ClientEventName];

export const CLIENT_EVENT_NAMES = Object.keys(clientEventSchemas) as ClientEventName[];
export const API_EVENT_NAMES = Object.keys(apiEventSchemas) as ApiEventName[];
