/**
 * A real `electron-vite build` into a temporary folder: the preload must be CommonJS that needs
 * nothing but 'electron' (a sandboxed preload can load no ESM and few modules), and it must expose
 * exactly `window.parley` with the contract's methods. The main bundle must leave better-sqlite3
 * to node_modules and sit where package.json's `main` points.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_COMMAND_NAMES } from '../../src-shared/api/index.js';
import { ROOT, runNode, type NodeRun } from '../helpers/run-node.js';

let out: string;

function build(outDir: string): Promise<NodeRun> {
  return runNode([join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    PARLEY_OUT_DIR: outDir,
  });
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'parley-electron-build-'));
  const result = await build(out);
  if (result.code !== 0) throw new Error(`electron-vite build failed:\n${result.output}`);
}, 180_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('electron-vite build', () => {
  it('emits a CommonJS preload that requires only electron and exposes exactly window.parley', () => {
    const code = readFileSync(join(out, 'preload/index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, value: unknown) => {
          exposed[key] = value;
        },
      },
      ipcRenderer: { invoke: () => Promise.resolve(), on: () => {}, removeListener: () => {} },
    };
    const fakeRequire = (name: string): unknown => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`a sandboxed preload cannot require '${name}'`);
    };
    const module = { exports: {} };
    // Runs the file as CommonJS the way Electron's sandboxed preload loader does: a function of require/module/exports.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const load = new Function('require', 'module', 'exports', code) as (...args: unknown[]) => void;
    load(fakeRequire, module, module.exports);
    expect(required).toEqual(['electron']);
    expect(Object.keys(exposed)).toEqual(['parley']);
    expect(Object.keys(exposed.parley as object).sort()).toEqual([...API_COMMAND_NAMES, 'on'].sort());
  });

  it("emits the main bundle where package.json's main points, with better-sqlite3 left external", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    const main = readFileSync(join(out, 'main/index.js'), 'utf8');
    expect(main).toMatch(/^import Database from "better-sqlite3";$/m);
    expect(main).toMatch(/from "electron";$/m);
  });

  it('emits the renderer beside them', () => {
    expect(existsSync(join(out, 'renderer/index.html'))).toBe(true);
  });
});
