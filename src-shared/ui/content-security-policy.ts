/**
 * Parley's one Content-Security-Policy, for every place a page is served: the Electron shell's
 * app:// responses, browser mode's HTTP server and the meta tag in the built index.html. Only the
 * WebSocket a page may open differs between them. Inline scripts and styles are refused; React
 * sets style properties through the CSSOM (the virtual list's positions), which style-src does
 * not govern.
 */

export interface PolicyOptions {
  /** Where the page may open connections besides its own origin (browser mode's WebSocket). */
  readonly connect?: readonly string[];
  /**
   * For a <meta> tag: without frame-ancestors, which browsers ignore there (with a console
   * warning); the response headers carry it.
   */
  readonly meta?: boolean;
}

export function contentSecurityPolicy(options: PolicyOptions = {}): string {
  const directives = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...(options.connect ?? [])].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (!options.meta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}
