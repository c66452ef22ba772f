/** How every command answers across the process boundary: a value, or an error a person can read. */
import { z } from 'zod';

/**
 * `invalid-input`: the renderer sent something the schema refuses. `refused`: the server or the
 * peer said no (`status` is its protocol status). `unavailable`: no connection, or it broke.
 * `forbidden-sender`: the call did not come from the app's own page. `internal`: a fault of ours.
 */
export const apiErrorCode = z.enum([
  'invalid-input',
  'refused',
  'unavailable',
  'forbidden-sender',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCode>;

export const apiError = z.object({
  code: apiErrorCode,
  /** A sentence for the user, e.g. "Invalid password. Please try again". */
  message: z.string(),
  /** The protocol status when the server or a peer answered (401, 403, 404, 409, ...). */
  status: z.number().int().optional(),
});
export type ApiError = z.infer<typeof apiError>;

export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

export function okResult<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function errorResult(error: ApiError): ApiResult<never> {
  return { ok: false, error };
}
