/**
 * The contract's account commands (protocol 1.2 accounts): find anyone registered, change the
 * password, delete the account; and, only while this app hosts the server, its administration.
 */
import { z } from 'zod';
import { password, username } from '../protocol/schemas.js';

const none = z.object({}).strict();
const user = z.object({ user: username }).strict();

/** One account of the hosted server, as Settings → "People on this server" lists it. */
export const hostedAccount = z.object({
  username,
  online: z.boolean(),
  /** When the lock ends (ms since the epoch), or null. */
  lockedUntil: z.number().nullable(),
  /** When last online (ms), or null when never. */
  lastSeen: z.number().nullable(),
});
export type HostedAccount = z.infer<typeof hostedAccount>;

export const accountCommands = {
  /** Registered users whose name starts with `prefix` (ignoring case), less those who block us. */
  findUsers: {
    input: z
      .object({ prefix: z.string().min(1).max(32), limit: z.number().int().min(1).max(50).optional() })
      .strict(),
    result: z.object({ users: z.array(z.string()) }),
  },
  /** A wrong old password is refused (and counts toward the server's lockout). */
  changePassword: {
    input: z.object({ oldPassword: z.string().min(1).max(256), newPassword: password }).strict(),
    result: none,
  },
  /** Deletes the account on the server, then the session ends as after a logout. */
  deleteAccount: { input: z.object({ password: z.string().min(1).max(256) }).strict(), result: none },
  /** The hosted server's accounts; refused when this app is not hosting. */
  listAccounts: { input: none, result: z.object({ accounts: z.array(hostedAccount) }) },
  /** Logs the user out of the hosted server; `loggedOut` false: they were not online. */
  adminLogOut: { input: user, result: z.object({ loggedOut: z.boolean() }) },
  /** Locks the name on the hosted server for `seconds` (and logs the user out). */
  adminLock: {
    input: z
      .object({
        user: username,
        seconds: z
          .number()
          .int()
          .min(1)
          .max(365 * 24 * 3600),
      })
      .strict(),
    result: none,
  },
  adminUnlock: { input: user, result: z.object({ wasLocked: z.boolean() }) },
  /** Removes the account from the hosted server, as if its user had deleted it. */
  adminRemove: { input: user, result: none },
} as const satisfies Record<string, { input: z.ZodType; result: z.ZodType }>;
