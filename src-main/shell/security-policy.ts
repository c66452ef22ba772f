/**
 * The window's security decisions as plain functions over strings, so Node tests can hold them:
 * what the app's own pages are, the Content-Security-Policy they get, which links may leave for
 * the system browser and which permission requests pass.
 */

import { contentSecurityPolicy } from '../../src-shared/ui/content-security-policy.js';

/** The app's pages are served from this privileged scheme, so they have an origin of their own. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'parley';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The shared policy (src-shared/ui/content-security-policy.ts); the shell talks over IPC, no WebSocket. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * The dev server needs its HMR WebSocket, Vite's inline React-refresh preamble and the <style> tags
 * Vite injects for CSS. This header is the only policy in dev: the renderer's meta policy is added
 * at build only (strictCsp in src-renderer/vite.config.ts), since a meta policy would still apply.
 */
export function devContentSecurityPolicy(devOrigin: string): string {
  const ws = devOrigin.replace(/^http/, 'ws');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${ws}`);
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The origins the app's pages may have: app://parley, and the dev server's while developing. */
export function appOrigins(devServerUrl: string | undefined): string[] {
  const dev = devServerUrl === undefined ? undefined : parse(devServerUrl);
  return dev === undefined ? [APP_ORIGIN] : [APP_ORIGIN, dev.origin];
}

/** Whether `url` is one of the app's own pages (same scheme, host and port as an allowed origin). */
export function isAppUrl(url: string, origins: readonly string[]): boolean {
  const parsed = parse(url);
  if (parsed === undefined) return false;
  // A custom standard scheme has origin "null" in WHATWG URL; compare scheme and host instead.
  const origin = parsed.protocol === `${APP_SCHEME}:` ? `${APP_SCHEME}://${parsed.host}` : parsed.origin;
  return origins.includes(origin);
}

/**
 * The address to hand to the system browser for a link the page tried to open, or undefined when
 * it must not leave: only http(s) with a host, no credentials in it.
 */
export function externalLinkTarget(url: string): string | undefined {
  const parsed = parse(url);
  if (parsed === undefined) return undefined;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  if (parsed.hostname === '' || parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/** Desktop notifications are the one permission the app asks for; everything else is refused. */
export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  origins: readonly string[],
): boolean {
  return permission === 'notifications' && isAppUrl(requestingUrl, origins);
}
