/**
 * How every browser of the e2e specs, the screenshots and benchmark scenario 8 starts: Debian's
 * Chromium (Playwright's own download is out of reach here), quiet, and unable to reach anything
 * but 127.0.0.1.
 */
import type { LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium';

/** Only loopback is allowed: every other host name resolves to nothing, so no request leaves. */
const LOOPBACK_ONLY = '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export function chromiumLaunchOptions(extraArgs: readonly string[] = []): LaunchOptions {
  return {
    executablePath: CHROMIUM_PATH,
    // Playwright already passes --no-sandbox unless `chromiumSandbox: true` (needed as root).
    args: [
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      LOOPBACK_ONLY,
      ...extraArgs,
    ],
  };
}

/** For `context.route`: true for any URL whose host is not 127.0.0.1 (the copies' only address). */
export function isOutsideUrl(url: URL): boolean {
  return !['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) ? false : url.hostname !== '127.0.0.1';
}
