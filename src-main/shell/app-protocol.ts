/**
 * Serves the built renderer from app://parley/ instead of file://, so the pages have an origin
 * of their own (IPC senders are checked against it) and every response carries the CSP header.
 */
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from './security-policy.js';
import { contentTypeOf, rendererFileFor } from './renderer-files.js';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

export function serveRenderer(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(rendererDir, request.url);
    if (file === undefined || request.method !== 'GET') {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
    }
  });
}
