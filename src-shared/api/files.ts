/** A file transfer in a private chat as the contract shows it (both directions). */
import { z } from 'zod';

export const transferState = z.enum([
  'offered',
  'waiting',
  'sending',
  'receiving',
  'verifying',
  'done',
  'failed',
  'rejected',
  'cancelled',
  'interrupted',
]);

export const fileTransfer = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out']),
  peer: z.string(),
  /** Incoming: the sanitised name the file gets (before any ` (1)`); outgoing: the base name. */
  name: z.string(),
  size: z.number().int().nonnegative(),
  /** Lowercase hex SHA-256 of the whole file. */
  sha256: z.string(),
  /** Bytes sent (out) or written (in) so far. */
  bytes: z.number().int().nonnegative(),
  state: transferState,
  /** Incoming offers: bytes already here from an earlier, interrupted attempt. */
  resumableBytes: z.number().int().nonnegative().optional(),
  /** Where a received file was put. */
  path: z.string().optional(),
  reason: z.string().optional(),
});

export type TransferState = z.infer<typeof transferState>;
export type FileTransferInfo = z.infer<typeof fileTransfer>;
