/** The one error type the client rejects with, so callers can branch on `status`. */

/** Status of an error that did not come from the other side (connection lost, not connected...). */
export const NO_STATUS = 0;

export class ParleyError extends Error {
  override readonly name = 'ParleyError';

  /**
   * @param status the protocol status the server or peer answered with, or NO_STATUS when the
   *   failure happened on this side (no connection, connection lost, an unreadable answer).
   * @param message the server's message verbatim when there is one, so UIs can show it as is.
   */
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function isParleyError(error: unknown, status?: number): error is ParleyError {
  return error instanceof ParleyError && (status === undefined || error.status === status);
}

/** A message a person can read, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
