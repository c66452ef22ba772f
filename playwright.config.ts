/**
 * Playwright: end-to-end specs (tests/e2e/**\/*.e2e.ts) in Debian's Chromium against browser-mode
 * copies of Parley (`src-main/web/cli.ts`). Vitest owns *.test.ts and excludes tests/e2e, so the two
 * runners never load each other's files. `npm run test:e2e` builds the renderer first.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/chromium.js';

const ci = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';

// No test may send mDNS on a real network: copies of the app started by tests do not browse or advertise.
process.env.PARLEY_DISCOVERY = 'off';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  // Each copy is a Node process plus a page, and a flow drives two or three of them: on a 2-core
  // machine one worker at a time keeps them from starving each other.
  workers: 1,
  fullyParallel: false,
  // No retries, locally or in CI: a retry would hide a flaky flow instead of failing it.
  retries: 0,
  forbidOnly: ci,
  // Generous, because scrypt and three copies on a loaded 2-core machine are slow; no test sleeps.
  timeout: 120_000,
  expect: { timeout: 20_000 },
  outputDir: 'test-results/e2e',
  reporter: [
    ['list'],
    // .ci/run counts the results from this file; PLAYWRIGHT_JSON_OUTPUT_NAME moves it.
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e-report.json' }],
  ],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions(),
    viewport: { width: 1200, height: 760 },
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: ci ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    serviceWorkers: 'block',
  },
});
