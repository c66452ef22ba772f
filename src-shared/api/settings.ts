/** The app's settings and the embedded server's status, as the renderer sees them. */
import { z } from 'zod';
import { serverAddress } from './model.js';

const port = z.number().int().min(1).max(65535);
/** 0 picks any free port. */
const portOrAny = z.number().int().min(0).max(65535);

export const hostingSettings = z.object({
  /** Whether the app runs the chat server inside itself ("Host a server"). */
  enabled: z.boolean(),
  /** 0 picks a free port at each start; the running status tells which. */
  port: portOrAny,
  /** Listen on 0.0.0.0 instead of 127.0.0.1. */
  allowLan: z.boolean(),
  blockDurationSeconds: z.number().int().min(1).max(86_400),
  /** 0: never log out for inactivity. */
  inactivityTimeoutSeconds: z.number().int().min(0).max(86_400),
  /** Where the server keeps its SQLite file; absent: a folder in the profile. */
  dataDir: z.string().min(1).max(4096).optional(),
});
export type HostingSettings = z.infer<typeof hostingSettings>;

export const settings = z.object({
  /** `embedded`: this computer's own server (hosting); `remote`: another server. */
  server: z.discriminatedUnion('mode', [
    z.object({ mode: z.literal('embedded') }),
    z.object({ mode: z.literal('remote'), ...serverAddress.shape }),
  ]),
  hosting: hostingSettings,
  /** The private-chat listener's port; 0 picks a free one at each login. */
  p2pPort: portOrAny,
  notifications: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  /** The window of "recently online" in the people list. */
  recentlyOnlineSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600),
  lastUsername: z.string().max(32).optional(),
  /** False until the user chose where to connect on first run. */
  onboarded: z.boolean(),
  /** Protocol 1.2: tell others what this user has read, and see what they read (absent: on). */
  sendReadReceipts: z.boolean().optional(),
  /** Conversations whose messages do not notify (a mention still does): `<account> <key>` entries. */
  muted: z.array(z.string().max(400)).max(10_000).optional(),
  /** Where files received in private chats go; absent: the platform's Downloads/Parley. */
  downloadsFolder: z.string().min(1).max(4096).optional(),
  /** Offers larger than this are declined; absent: 2 GiB. */
  maxFileBytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
export type Settings = z.infer<typeof settings>;

/** A partial update; nested objects are merged one level deep. */
export const settingsPatch = z.object({
  server: settings.shape.server.optional(),
  hosting: hostingSettings.partial().optional(),
  p2pPort: portOrAny.optional(),
  notifications: z.boolean().optional(),
  theme: settings.shape.theme.optional(),
  recentlyOnlineSeconds: settings.shape.recentlyOnlineSeconds.optional(),
  lastUsername: z.string().max(32).optional(),
  onboarded: z.boolean().optional(),
  sendReadReceipts: z.boolean().optional(),
  muted: z.array(z.string().max(400)).max(10_000).optional(),
  downloadsFolder: settings.shape.downloadsFolder,
  maxFileBytes: settings.shape.maxFileBytes,
});
export type SettingsPatch = z.infer<typeof settingsPatch>;

export const hostFailure = z.enum([
  'port-in-use',
  'port-not-allowed',
  'folder-not-writable',
  'data-in-use',
  'other',
]);
export type HostFailure = z.infer<typeof hostFailure>;

export const hostStatus = z.discriminatedUnion('state', [
  z.object({ state: z.literal('stopped') }),
  z.object({ state: z.literal('starting') }),
  z.object({
    state: z.literal('running'),
    host: z.string(),
    port,
    /** Addresses other computers can use (the LAN ones when allowed, else 127.0.0.1). */
    shareAddresses: z.array(z.string()),
    online: z.number().int().nonnegative(),
    /** Whether it speaks TLS (it does whenever the local network is allowed). */
    tls: z.boolean().optional(),
    /** Its certificate's fingerprint, for others to compare, when it speaks TLS. */
    fingerprint: z.string().optional(),
  }),
  z.object({ state: z.literal('stopping') }),
  z.object({
    state: z.literal('failed'),
    failure: hostFailure,
    /** A sentence saying what went wrong; where it is shown adds what to do there. */
    message: z.string(),
  }),
]);
export type HostStatus = z.infer<typeof hostStatus>;

/**
 * "Remember me": `os-keychain` when the system keychain seals the password (the desktop app),
 * `profile-file` when a file in the profile that only this user can read holds it (browser mode).
 */
export const rememberState = z.object({
  storage: z.enum(['os-keychain', 'profile-file']),
  /** Who is remembered for the chosen server; absent: nobody. */
  username: z.string().optional(),
});
export type RememberState = z.infer<typeof rememberState>;
