/**
 * Frames of a file transfer inside a private chat (protocol 1.2, "File transfer in a private chat").
 * They are not answered with `[200]`: each side's answer is another frame of this table.
 */
import { z } from 'zod';

/** Decoded bytes a `[filechunk]` may carry: small enough for one Noise transport message. */
export const MAX_CHUNK_BYTES = 32 * 1024;
/** What `[fileaccept]` grants before the receiver paces the sender with `[filecredit]`. */
export const INITIAL_FILE_CREDIT = 1024 * 1024;

const fileId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a file id is 1-32 of A-Z a-z 0-9 _ -');
/** The whole file's SHA-256, lowercase hex. */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex digits');
const byteCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const reason = z.string().max(200);
/**
 * Base64 of at most MAX_CHUNK_BYTES. Only the length is checked here: the alphabet is checked by
 * the receiver as it decodes (a regex over 43 KiB was its hottest function).
 */
const chunkData = z.string().max(Math.ceil(MAX_CHUNK_BYTES / 3) * 4);

export const fileFrameSchemas = {
  fileoffer: z.object({ id: fileId, name: z.string().min(1).max(1024), size: byteCount, sha256 }),
  fileaccept: z.object({ id: fileId, offset: byteCount }),
  filereject: z.object({ id: fileId, reason }),
  filechunk: z.object({ id: fileId, offset: byteCount, data: chunkData }),
  filecredit: z.object({ id: fileId, bytes: byteCount.positive() }),
  filedone: z.object({ id: fileId }),
  filereceived: z.object({ id: fileId, sha256 }),
  filefailed: z.object({ id: fileId, reason }),
  filecancel: z.object({ id: fileId }),
} as const;

export type FileRoute = keyof typeof fileFrameSchemas;
export type FileBody<R extends FileRoute> = z.infer<(typeof fileFrameSchemas)[R]>;

export function isFileRoute(route: string): route is FileRoute {
  return Object.hasOwn(fileFrameSchemas, route);
}
