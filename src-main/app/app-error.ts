/** An error the app core raises itself, already in the contract's terms. */
import type { ApiErrorCode } from '../../src-shared/api/index.js';

export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
