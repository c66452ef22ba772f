/**
 * Where the shell's files are, built or packaged: the preload, the renderer, the icon and the
 * Electron build of better-sqlite3 (kept apart from Node's build, which the tests use).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface ShellPaths {
  readonly preload: string;
  readonly rendererDir: string;
  readonly icon: string;
  /** Absent when no Electron build exists (better-sqlite3's own build is then tried). */
  readonly nativeBinding: string | undefined;
}

/** The Electron build's place in a checkout; `npm start` compiles it there. */
export const ELECTRON_NATIVE_DIR = join('build', 'native', 'electron');
export const NATIVE_FILE = 'better_sqlite3.node';

export function shellPaths(options: {
  /** app.getAppPath(): the checkout, or resources/app.asar when packaged. */
  readonly appPath: string;
  /** process.resourcesPath: where electron-builder's extraResources land. */
  readonly resourcesPath: string;
  readonly packaged: boolean;
  readonly exists?: (path: string) => boolean;
}): ShellPaths {
  const exists = options.exists ?? existsSync;
  const native = options.packaged
    ? join(options.resourcesPath, 'native', NATIVE_FILE)
    : join(options.appPath, ELECTRON_NATIVE_DIR, NATIVE_FILE);
  return {
    preload: join(options.appPath, 'out', 'preload', 'index.cjs'),
    rendererDir: join(options.appPath, 'out', 'renderer'),
    icon: options.packaged
      ? join(options.resourcesPath, 'icon.png')
      : join(options.appPath, 'build', 'icon.png'),
    nativeBinding: exists(native) ? native : undefined,
  };
}
