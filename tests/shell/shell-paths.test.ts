import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellPaths } from '../../src-main/shell/shell-paths.js';

describe('shellPaths', () => {
  it('finds the built files in a checkout, and the Electron build of better-sqlite3 when present', () => {
    const paths = shellPaths({
      appPath: '/src/parley',
      resourcesPath: '/x',
      packaged: false,
      exists: () => true,
    });
    expect(paths.preload).toBe('/src/parley/out/preload/index.cjs');
    expect(paths.rendererDir).toBe('/src/parley/out/renderer');
    expect(paths.nativeBinding).toBe(join('/src/parley', 'build/native/electron/better_sqlite3.node'));
  });

  it('leaves the native binding out when it was not built', () => {
    const paths = shellPaths({
      appPath: '/src/parley',
      resourcesPath: '/x',
      packaged: false,
      exists: () => false,
    });
    expect(paths.nativeBinding).toBeUndefined();
  });

  it('uses the resources folder when packaged', () => {
    const paths = shellPaths({
      appPath: '/opt/Parley/resources/app.asar',
      resourcesPath: '/opt/Parley/resources',
      packaged: true,
      exists: () => true,
    });
    expect(paths.preload).toBe('/opt/Parley/resources/app.asar/out/preload/index.cjs');
    expect(paths.nativeBinding).toBe('/opt/Parley/resources/native/better_sqlite3.node');
    expect(paths.icon).toBe('/opt/Parley/resources/icon.png');
  });
});
