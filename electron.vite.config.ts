/**
 * electron-vite builds the desktop app into out/: out/main (the Electron main process, ESM),
 * out/preload/index.cjs (CommonJS: a sandboxed preload can't load ESM, and "type": "module" would
 * otherwise make it ESM) and out/renderer (the React UI, from the renderer's own Vite config).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import renderer from './src-renderer/vite.config.js';

const root = import.meta.dirname;
/** out/ unless a test builds elsewhere (so it never races a build other tests read). */
const out = resolve(root, process.env.PARLEY_OUT_DIR ?? 'out');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(out, 'main'),
      // The runtime dependencies stay in node_modules (electron-builder packs them); better-sqlite3
      // must, as it loads a native module.
      externalizeDeps: { include: ['better-sqlite3'] },
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/shell/main.ts') },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(out, 'preload'),
      // A sandboxed preload can require only 'electron' (and a few built-ins): bundle everything else.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src-main/shell/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...renderer,
    root: resolve(root, 'src-renderer'),
    build: {
      ...renderer.build,
      outDir: resolve(out, 'renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
