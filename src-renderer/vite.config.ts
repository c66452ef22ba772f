/**
 * The renderer's one Vite config: `npm run build:web` builds it for browser mode, and
 * electron.vite.config.ts imports it for the Electron window. Paths are relative to the repository
 * root (where both builds run) so this file needs no Node API. Relative asset URLs (base './') let
 * the same build load from file:// and from the browser-mode server.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Nothing inline: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
