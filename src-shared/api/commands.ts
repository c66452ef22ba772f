/**
 * Every command the renderer may call, by name: its input schema and its result schema. Main
 * validates each input before a handler runs; the handler table must name every command.
 */
import { z } from 'zod';
import { messageText, password, username } from '../protocol/schemas.js';
import { parseKey } from './conversation-key.js';
import { chatMessage, clientSnapshot, conversation, serverAddress } from './model.js';
import { fileTransfer } from './files.js';
import { foundServer, serverTrust } from './server-trust.js';
import { safetyInfo } from './safety.js';
import { hostStatus, rememberState, settings, settingsPatch } from './settings.js';
import { accountCommands } from './account-commands.js';
import { roomCommands } from './rooms.js';

const none = z.object({}).strict();
const user = z.object({ user: username }).strict();
const requestId = z.string().min(1).max(64);
const users = z.object({ users: z.array(z.string()) });
const fileId = z.object({ id: z.string().min(1).max(32) }).strict();
/** A conversation key's string form (conversation-key.ts); anything else is refused. */
const key = z
  .string()
  .min(1)
  .max(64)
  .refine((text) => parseKey(text) !== undefined, 'not a conversation key');

/** What the window showed for this account: kept in the profile, restored after a reload. */
export const viewState = z.object({
  openKey: z.string().optional(),
  /** Unsent text per conversation key. */
  drafts: z.record(z.string(), z.string()),
});
export type ViewState = z.infer<typeof viewState>;

/** A message local history found, with the conversation it is in. */
export const searchHit = z.object({ key: z.string(), message: chatMessage });
export type SearchHit = z.infer<typeof searchHit>;

/** The app's whole state at one moment: what a renderer rebuilds itself from after a reload. */
export const appSnapshot = z.object({
  client: clientSnapshot,
  settings,
  host: hostStatus,
  view: viewState,
  /** "Remember me": who is remembered for the chosen server, and how the password is kept. */
  remember: rememberState,
  /** How the current server was trusted, or why its certificate was refused. */
  serverTrust: serverTrust.optional(),
  /** Servers found on the local network. */
  foundServers: z.array(foundServer).optional(),
});
export type AppSnapshot = z.infer<typeof appSnapshot>;

export const apiCommands = {
  /** The whole state; call it once at start and after a reload, then follow the events. */
  snapshot: { input: none, result: appSnapshot },
  updateSettings: { input: settingsPatch.strict(), result: settings },
  /**
   * Chooses the server and opens the connection: `embedded` starts hosting if needed and
   * connects to it. Resolves with the address reached; rejects with a sentence when it can't.
   */
  connect: {
    input: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('embedded') }).strict(),
      z
        .object({
          mode: z.literal('remote'),
          ...serverAddress.shape,
          /** Absent: TLS for any host but this computer. */
          tls: z.boolean().optional(),
        })
        .strict(),
    ]),
    result: serverAddress,
  },
  register: { input: z.object({ username, password }).strict(), result: none },
  /**
   * Password length is the server's business here: a wrong one must get the server's answer.
   * `remember`: keep the login (sealed, never in plain text) so a restart logs back in; without
   * it any remembered login is forgotten.
   */
  login: {
    input: z
      .object({ username, password: z.string().min(1).max(256), remember: z.boolean().optional() })
      .strict(),
    result: z.object({ username }),
  },
  /** Logs out and forgets a remembered login. */
  logout: { input: none, result: none },
  /** Forgets the remembered login (stays logged in). */
  forgetMe: { input: none, result: none },
  /** Skips the wait of an automatic reconnect. */
  reconnectNow: { input: none, result: none },
  /** `replyTo`: the id of the message this one answers (protocol 1.2). */
  sendMessage: {
    input: z
      .object({ to: username, text: messageText, replyTo: z.string().min(1).max(128).optional() })
      .strict(),
    result: chatMessage,
  },
  /** Sends a message that failed again (same text, same conversation). */
  retryMessage: { input: z.object({ localId: z.string().min(1).max(128) }).strict(), result: chatMessage },
  broadcast: {
    input: z.object({ text: messageText }).strict(),
    result: z.object({ message: chatMessage, skipped: z.number().int().nonnegative() }),
  },
  whoelse: { input: none, result: users },
  whoelseSince: {
    input: z
      .object({
        seconds: z
          .number()
          .int()
          .positive()
          .max(10 * 365 * 24 * 3600),
      })
      .strict(),
    result: users,
  },
  block: { input: user, result: none },
  unblock: { input: user, result: none },
  startPrivate: { input: user, result: z.object({ requestId }) },
  cancelPrivate: { input: z.object({ requestId }).strict(), result: none },
  answerPrivate: { input: z.object({ requestId, accept: z.boolean() }).strict(), result: none },
  sendPrivate: { input: z.object({ user: username, text: messageText }).strict(), result: chatMessage },
  stopPrivate: { input: user, result: none },
  /** The safety number with a contact (protocol 1.2), from the key pinned for them. */
  safetyNumber: { input: user, result: safetyInfo },
  /** Marks a contact verified after comparing safety numbers (or takes the mark away). */
  setVerified: { input: z.object({ user: username, verified: z.boolean() }).strict(), result: safetyInfo },
  /** How this profile keeps its private-chat key, in words (Settings says it). */
  encryptionInfo: { input: none, result: z.object({ keyProtection: z.string() }) },
  /** Accepts the new key of a contact whose safety number changed. */
  acceptNewKey: { input: user, result: safetyInfo },
  /**
   * Offers a file on this computer to the peer of an open private chat. `path` is one the user
   * chose: the shell's open dialog (chooseFile), or typed in browser mode.
   */
  sendFile: {
    input: z.object({ user: username, path: z.string().min(1).max(4096) }).strict(),
    result: fileTransfer,
  },
  acceptFile: { input: fileId, result: fileTransfer },
  rejectFile: { input: fileId, result: fileTransfer },
  cancelFile: { input: fileId, result: fileTransfer },
  /** Offers again a file of ours that was cut off; the peer resumes from its partial file. */
  retryFile: { input: fileId, result: fileTransfer },
  /** Every file transfer of this run, both ways. */
  listFiles: { input: none, result: z.object({ transfers: z.array(fileTransfer) }) },
  /**
   * The shell's open dialog; `path` absent when the user cancelled, `available` false where there
   * is no dialog (browser mode: the renderer asks for a path instead).
   */
  chooseFile: { input: none, result: z.object({ available: z.boolean(), path: z.string().optional() }) },
  /** Shows a received file in the system's file manager; `shown` false in browser mode (show the path). */
  showInFolder: { input: fileId, result: z.object({ shown: z.boolean(), path: z.string() }) },
  /** Every stored message of one conversation, oldest first (local history). */
  loadConversation: { input: z.object({ key }).strict(), result: conversation },
  /**
   * The user has seen this conversation: its unread count goes to 0 and, when "Send read
   * receipts" is on, the server hears it (`[read]`, at most once per conversation per second).
   */
  markRead: { input: z.object({ key }).strict(), result: none },
  /** Keeps a conversation's unsent text for this account (empty: none). */
  setDraft: { input: z.object({ key, text: z.string().max(16_000) }).strict(), result: none },
  /** Messages of this account whose text has every word of `query` (each as a prefix), newest first. */
  searchMessages: {
    input: z
      .object({ query: z.string().min(1).max(200), limit: z.number().int().min(1).max(100).optional() })
      .strict(),
    result: z.object({ hits: z.array(searchHit) }),
  },
  /** Which conversation the window shows (none: absent), restored after a reload. */
  setOpenConversation: { input: z.object({ key: key.optional() }).strict(), result: none },
  /**
   * The user compared fingerprints and accepts the server's new certificate: it replaces the pin.
   * Only the fingerprint the refused connection presented is accepted.
   */
  acceptServerCertificate: {
    input: z
      .object({
        host: z.string().min(1).max(253),
        port: z.number().int().min(1).max(65535),
        fingerprint: z.string().min(1).max(128),
      })
      .strict(),
    result: none,
  },
  /** Starts or stops the embedded server with the hosting settings. */
  setHosting: { input: z.object({ enabled: z.boolean() }).strict(), result: hostStatus },
  ...accountCommands,
  ...roomCommands(messageText, chatMessage, key),
} as const satisfies Record<string, { input: z.ZodType; result: z.ZodType }>;

export type ApiCommandName = keyof typeof apiCommands;
export type ApiInput<K extends ApiCommandName> = z.infer<(typeof apiCommands)[K]['input']>;
export type ApiOutput<K extends ApiCommandName> = z.infer<(typeof apiCommands)[K]['result']>;
export const API_COMMAND_NAMES = Object.keys(apiCommands) as ApiCommandName[];
