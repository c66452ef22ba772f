/** The connect dialog's probe: the client's (shared with the terminal), its answer in the contract's terms. */
import type { ServerAddress } from '../../src-shared/api/index.js';
import { errorMessage } from '../client/parley-error.js';
import { probeServer as probe } from '../client/probe-server.js';
import { AppError } from './app-error.js';

export async function probeServer(address: ServerAddress, timeoutMs: number, secure = false): Promise<void> {
  try {
    await probe(address, timeoutMs, secure);
  } catch (error) {
    throw new AppError('unavailable', errorMessage(error));
  }
}
