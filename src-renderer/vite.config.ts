/**
 * The renderer's one Vite config: `npm run build:web` builds it for browser mode, and
 * electron.vite.config.ts imports it for the Electron window. Paths are relative to the repository
 * root (where both builds run) so this file needs no Node API. Relative asset URLs (base './') let
 * the same build load from file:// and from the browser-mode server.
 */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from '../src-shared/ui/content-security-policy.js';

/**
 * The built page's policy: the shared one (src-shared/ui/content-security-policy.ts) as a meta
 * tag, with any ws: for browser mode's WebSocket (the server's header names its exact address).
 */
export const BUILD_CONTENT_SECURITY_POLICY = contentSecurityPolicy({ connect: ['ws:'], meta: true });

const CSP_MARK = /<!-- parley:csp[^>]*-->/;

/** index.html with its `parley:csp` mark replaced by the policy's meta; a page without it is refused. */
export function injectCsp(html: string): string {
  if (!CSP_MARK.test(html)) throw new Error('index.html has no <!-- parley:csp --> mark for its CSP');
  return html.replace(
    CSP_MARK,
    `<meta http-equiv="Content-Security-Policy" content="${BUILD_CONTENT_SECURITY_POLICY}" />`,
  );
}

/**
 * Puts the strict policy in the built index.html only. The dev server (npm run dev, electron-vite
 * dev) needs Vite's inline React-refresh preamble and injected <style> tags, which a meta policy
 * would block whatever the response header says (both policies apply); in dev the Electron shell's
 * header (devContentSecurityPolicy in src-main/shell/security-policy.ts) is the one policy.
 */
export function strictCsp(): Plugin {
  return {
    name: 'parley-strict-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => injectCsp(html),
    },
  };
}

export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react(), strictCsp()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    // Nothing inline: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
