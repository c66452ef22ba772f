/**
 * `npm run screenshots`: drives the e2e flows with three browser-mode copies against a real server
 * and writes the README's pictures to docs/screenshots/ (log in, conversation, private-chat
 * request, a room and its members panel, settings with hosting on), each in the light and the dark theme, at 1200×760.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { chromiumLaunchOptions } from '../support/chromium.js';
import { openCopyPage } from '../support/fixtures.js';
import {
  button,
  connectTo,
  conversationLog,
  field,
  openConversation,
  openSettings,
  personMenu,
  register,
  registerOn,
  requestDialog,
  send,
} from '../support/ui.js';
import { launchWebCopy, NOT_HOSTING, ROOT, type WebCopy } from '../support/web-copy.js';
import { shootRoom } from './room-shots.js';

const OUT = join(ROOT, 'docs', 'screenshots');
const VIEWPORT = { width: 1200, height: 760 };

async function shoot(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const file = join(OUT, `${name}-${colorScheme}.png`);
    await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
    process.stdout.write(`${file}\n`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  let server: TestServer | undefined;
  const webs: WebCopy[] = [];
  let browser: Browser | undefined;
  try {
    server = await startTestServer();
    browser = await chromium.launch(chromiumLaunchOptions());
    const b = browser;
    const open = async (name: string): Promise<Page> => {
      const web = await launchWebCopy({ name, settings: NOT_HOSTING });
      webs.push(web);
      const page = await openCopyPage(await b.newContext({ viewport: VIEWPORT }), web);
      page.setDefaultTimeout(30_000);
      return page;
    };
    const alice = await open('alice');
    const bob = await open('bob');
    const carol = await open('carol');

    await connectTo(alice, server);
    await field(alice, 'Username').fill('alice');
    await field(alice, 'Password').fill('correct-horse-1');
    await shoot(alice, 'log-in');
    await register(alice, 'alice');
    for (const [page, name] of [
      [bob, 'bob'],
      [carol, 'carol'],
    ] as const) {
      await registerOn(page, server, name);
    }

    await openConversation(bob, 'alice');
    await send(bob, 'Morning! Did the build go out last night?');
    await openConversation(alice, 'bob');
    await send(alice, 'It did, around eleven. The release notes are in the wiki.');
    await send(alice, 'One thing left: the screenshots for the README.');
    await send(bob, 'Great, I can take those after lunch.');
    await openConversation(carol, 'alice');
    await send(carol, 'Are we still on for the demo at 3?');
    await conversationLog(alice, 'bob').getByText('Great, I can take those after lunch.').waitFor();
    await shoot(alice, 'conversation');

    await personMenu(bob, 'alice', 'Start private chat');
    const dialog = requestDialog(alice, 'bob');
    await dialog.waitFor();
    await shoot(alice, 'private-chat-request');
    await button(dialog, 'Reject').click();
    await dialog.waitFor({ state: 'hidden' });

    await shootRoom({ alice, bob, carol }, shoot);

    const settings = await openSettings(alice);
    await field(settings, 'Port').fill('0');
    await field(settings, 'Port').press('Tab');
    await settings.getByRole('switch', { name: /host a server/i }).click();
    await settings
      .getByRole('status')
      .filter({ hasText: /running/i })
      .waitFor();
    await shoot(alice, 'settings-hosting');
  } finally {
    await browser?.close();
    for (const web of webs) await web.dispose();
    await server?.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
