/**
 * Why the embedded server could not start, as a status the user can act on. The message says
 * what happened only: what to do depends on where it is shown (the first-run screen, Settings,
 * a banner), so each of those adds its own advice from the failure kind.
 */
import type { HostStatus } from '../../src-shared/api/index.js';

type Failed = Extract<HostStatus, { state: 'failed' }>;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** While listening on `port`. */
export function listenFailure(error: unknown, port: number): Failed {
  const code = codeOf(error);
  if (code === 'EADDRINUSE') {
    return {
      state: 'failed',
      failure: 'port-in-use',
      message: `Port ${port} is already in use on this computer.`,
    };
  }
  if (code === 'EACCES') {
    return {
      state: 'failed',
      failure: 'port-not-allowed',
      message: `This computer does not let the app listen on port ${port}.`,
    };
  }
  return other(error);
}

/** While opening the data folder at `dir`. */
export function storeFailure(error: unknown, dir: string): Failed {
  const code = codeOf(error);
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'DatabaseInUseError' || code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return {
      state: 'failed',
      failure: 'data-in-use',
      message: `The data folder ${dir} is in use by another Parley server.`,
    };
  }
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'ENOTDIR' ||
    code === 'EEXIST' ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_READONLY'
  ) {
    return {
      state: 'failed',
      failure: 'folder-not-writable',
      message: `The server can't write to its data folder ${dir}.`,
    };
  }
  return other(error);
}

function other(error: unknown): Failed {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    state: 'failed',
    failure: 'other',
    message: `Starting it failed (${detail}).`,
  };
}
