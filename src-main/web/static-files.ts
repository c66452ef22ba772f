/**
 * Serves the built renderer (out/renderer) read-only: GET and HEAD, files inside the folder only.
 * When the renderer was never built, every page says how to build it. The path guard and content
 * types are the shell's too (app/renderer-assets.ts).
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { assetPath, contentTypeOf } from '../app/renderer-assets.js';

export const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: renderer not built</title></head>
<body><h1>The Parley renderer is not built yet</h1>
<p>Run <code>npm run build:web</code> in the project folder, then reload this page.</p></body></html>
`;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file a URL path names inside `root`, or undefined when it names none (or escapes root). */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  const target = assetPath(root, urlPath);
  return target !== undefined && isFile(target) ? target : undefined;
}

export function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('method not allowed\n');
    return;
  }
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!isFile(join(root, 'index.html'))) {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
    return;
  }
  const file = resolveStatic(root, path);
  if (!file) {
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const type = contentTypeOf(file);
  res.writeHead(200, {
    ...headers,
    'Content-Type': type,
    'Cache-Control': file.endsWith('.html') ? 'no-store' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
