/**
 * The packaging config, checked without packaging (which needs the Electron binary): electron-builder's
 * own schema validation, plus what its schema can't know about this project.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { drawIconPng } from '../../src-main/shell/launch/make-icon.js';

const root = resolve(import.meta.dirname, '../..');
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder'));

interface TargetList {
  target?: (string | { target: string })[];
  icon?: string;
}
interface BuilderConfig {
  appId?: string;
  productName?: string;
  files?: (string | { filter?: string[] })[];
  asarUnpack?: string[];
  extraResources?: { from: string; to: string }[];
  npmRebuild?: boolean;
  icon?: string;
  linux?: TargetList & { maintainer?: string };
  mac?: TargetList;
  win?: TargetList;
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

const configModule = builderRequire('app-builder-lib/out/util/config/config.js') as ConfigModule;
const { DebugLogger } = builderRequire('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main?: string;
  productName?: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

async function loadConfig(): Promise<BuilderConfig> {
  return configModule.getConfig(root, 'electron-builder.yml', null);
}

/** getConfig normalises `files` into file sets; the patterns are what matter here. */
const filePatterns = (config: BuilderConfig): string[] =>
  (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));

const targets = (list: TargetList | undefined): string[] =>
  (list?.target ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.target));

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(configModule.validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    expect(config.appId).toBe('org.parley.desktop');
    expect(config.productName).toBe('Parley');
    expect(packageJson.productName).toBe('Parley');
  });

  it('packs the built app from out/, whose main entry package.json names', async () => {
    const config = await loadConfig();
    expect(filePatterns(config)).toEqual(['out/**/*', 'package.json', '!**/*.map']);
    expect(packageJson.main).toBe('out/main/index.js');
    const viteConfig = readFileSync(join(root, 'electron.vite.config.ts'), 'utf8');
    expect(viteConfig).toContain("outDir: resolve(out, 'main')");
    expect(viteConfig).toContain("input: { index: resolve(root, 'src-main/shell/main.ts') }");
  });

  it('builds AppImage and deb, dmg, and nsis', async () => {
    const config = await loadConfig();
    expect(targets(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg']);
    expect(targets(config.win)).toEqual(['nsis']);
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
  });

  it('uses icons that exist and are large enough for every platform (512x512)', async () => {
    const config = await loadConfig();
    const icons = new Set([config.icon, config.linux?.icon, config.mac?.icon, config.win?.icon]);
    for (const icon of icons) {
      expect(icon).toBeDefined();
      expect(pngSize(join(root, icon!))).toEqual({ width: 512, height: 512 });
    }
    expect(readFileSync(join(root, 'build/icon.svg'), 'utf8')).toContain('<svg');
  });

  it('ships build/icon.png exactly as make-icon draws it', () => {
    expect(readFileSync(join(root, 'build/icon.png')).equals(drawIconPng())).toBe(true);
  });

  it('keeps the native module out of the archive and its Electron build apart from Node’s', async () => {
    const config = await loadConfig();
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({
      from: 'build/native/electron/better_sqlite3.node',
      to: 'native/better_sqlite3.node',
    });
  });

  it('keeps renderer libraries and build tools out of the runtime dependencies', () => {
    const runtime = Object.keys(packageJson.dependencies);
    for (const devOnly of [
      'react',
      'react-dom',
      'zustand',
      '@tanstack/react-virtual',
      '@vitejs/plugin-react',
      'vite',
      'electron',
      'electron-vite',
      'electron-builder',
    ]) {
      expect(runtime, devOnly).not.toContain(devOnly);
    }
    expect(Object.keys(packageJson.devDependencies)).toEqual(expect.arrayContaining(['electron', 'react']));
    expect(runtime).toEqual(expect.arrayContaining(['better-sqlite3']));
  });
});
