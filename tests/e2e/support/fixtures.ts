/**
 * The e2e fixture, after Element Desktop's: `parley.copy(name)` starts a browser-mode copy (its own
 * process and temp profile) and opens it in its own browser context; `parley.server()` starts a
 * real chat server on 127.0.0.1 port 0. Everything a test started is closed and deleted after it,
 * passed or not, and each copy's output is attached to a failed test.
 */
import { test as base, type BrowserContext, type Page } from '@playwright/test';
import { startTestServer, type TestServer, type TestServerOptions } from '../../helpers/test-server.js';
import { isOutsideUrl } from './chromium.js';
import { launchWebCopy, NOT_HOSTING, type WebCopy } from './web-copy.js';

export interface Copy {
  readonly name: string;
  readonly web: WebCopy;
  readonly context: BrowserContext;
  readonly page: Page;
}

export interface CopyOptions {
  readonly colorScheme?: 'light' | 'dark';
  /** Settings written before the start; by default the copy does not host (NOT_HOSTING). */
  readonly settings?: Record<string, unknown>;
}

export interface ParleyFixture {
  server(options?: TestServerOptions): Promise<TestServer>;
  copy(name: string, options?: CopyOptions): Promise<Copy>;
}

export async function openCopyPage(context: BrowserContext, web: WebCopy): Promise<Page> {
  // The browser's resolver already maps every other host to nothing; this also fails fast on a
  // page that tries.
  await context.route(
    (url) => isOutsideUrl(url),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  await page.goto(web.url);
  return page;
}

export const test = base.extend<{ parley: ParleyFixture }>({
  parley: async ({ browser }, use, testInfo) => {
    const servers: TestServer[] = [];
    const copies: Copy[] = [];
    const webs: WebCopy[] = [];
    await use({
      async server(options) {
        const server = await startTestServer(options);
        servers.push(server);
        return server;
      },
      async copy(name, options = {}) {
        const web = await launchWebCopy({ name, settings: options.settings ?? NOT_HOSTING });
        webs.push(web);
        const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light' });
        const page = await openCopyPage(context, web);
        const copy = { name, web, context, page };
        copies.push(copy);
        return copy;
      },
    });
    const failed = testInfo.status !== testInfo.expectedStatus;
    for (const copy of copies) await copy.context.close();
    for (const web of webs) {
      await web.dispose();
      if (failed) await testInfo.attach(`${web.name} output`, { body: web.output.join('') });
    }
    for (const server of servers) await server.dispose();
  },
});

export { expect } from '@playwright/test';
