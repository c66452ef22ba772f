/** Why the embedded server could not start, as a status the user can act on. */
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
      message: `Port ${port} is already in use on this computer. Choose another port in Settings, or stop the program that uses it.`,
    };
  }
  if (code === 'EACCES') {
    return {
      state: 'failed',
      failure: 'other',
      message: `This computer does not let the app listen on port ${port}. Choose a port above 1023 in Settings.`,
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
      message: `The data folder ${dir} is in use by another Parley server. Stop that server, or choose another data folder in Settings.`,
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
      message: `The server can't write to its data folder ${dir}. Choose a folder you can write to in Settings.`,
    };
  }
  return other(error);
}

function other(error: unknown): Failed {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    state: 'failed',
    failure: 'other',
    message: `The server could not start (${detail}). Check the hosting settings and try again.`,
  };
}
