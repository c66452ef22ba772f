/**
 * Browser mode's server: the built renderer over HTTP and the contract over a WebSocket at /api,
 * on 127.0.0.1 only. A page must present the profile's token and come from this server's own
 * origin, so a web page elsewhere can't drive the app (the upgrade is refused with 401/403).
 * GET /api/token?token=… answers 204 or 401, so a page refused at the upgrade (where a browser
 * sees no status) can say why.
 */
import { timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_API_PATH, WS_TOKEN_CHECK_PATH } from '../../src-shared/api/ws-bridge.js';
import { contentSecurityPolicy } from '../../src-shared/ui/content-security-policy.js';
import type { AppCore } from '../app/app-core.js';
import { serveStatic } from './static-files.js';
import { newWebToken } from './web-token.js';
import { WsAdapter } from './ws-adapter.js';

export interface WebServerOptions {
  readonly core: AppCore;
  /** 0 picks a free port. */
  readonly port: number;
  /** The built renderer (out/renderer). */
  readonly rendererDir: string;
  /** The page's token (web-token.ts keeps one per profile); default a new one. */
  readonly token?: string;
  readonly log?: (line: string) => void;
}

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** The page to open: http://127.0.0.1:PORT/?token=TOKEN */
  readonly url: string;
  /** The WebSocket endpoint with the token. */
  readonly apiUrl: string;
  readonly origin: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The shared policy, with this server's own WebSocket. */
export function pagePolicy(port: number): string {
  return contentSecurityPolicy({ connect: [`ws://${HOST}:${port}`] });
}

/** Equal strings in time that does not depend on where they differ. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // Compare against itself when lengths differ, so the time does not tell the length either.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const log = options.log ?? (() => {});
  const token = options.token ?? newWebToken();
  const adapter = new WsAdapter(options.core, log);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  let port = options.port;
  let headers: Record<string, string> = {};

  const http = createServer((req, res) => {
    if (!hostAllowed(req, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('forbidden host\n');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname === WS_TOKEN_CHECK_PATH) {
      const right = sameToken(url.searchParams.get('token') ?? '', token);
      res.writeHead(right ? 204 : 401, { ...headers, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    serveStatic(options.rendererDir, req, res, headers);
  });

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refuse = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname !== WS_API_PATH) return refuse(404, 'Not Found');
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return refuse(401, 'Unauthorized');
    if (!hostAllowed(req, port) || req.headers.origin !== `http://${HOST}:${port}`) {
      return refuse(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => adapter.attach(ws));
  });

  http.listen({ host: HOST, port: options.port });
  try {
    await once(http, 'listening');
  } catch (error) {
    // Nothing of this attempt may stay subscribed to the core (the caller may try another port).
    adapter.close();
    wss.close();
    throw error;
  }
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  port = address.port;
  headers = {
    'Content-Security-Policy': pagePolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };

  const origin = `http://${HOST}:${port}`;
  return {
    port,
    token,
    url: `${origin}/?token=${token}`,
    apiUrl: `ws://${HOST}:${port}${WS_API_PATH}?token=${token}`,
    origin,
    async close() {
      adapter.close();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Only requests addressed to this server by its own name: no DNS rebinding through another name. */
function hostAllowed(req: IncomingMessage, port: number): boolean {
  return req.headers.host === `${HOST}:${port}`;
}
