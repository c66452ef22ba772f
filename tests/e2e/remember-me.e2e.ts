/**
 * "Remember me" as a user meets it: ticked at log-in (the screen says where the password is
 * kept), `npm run web` restarted, the page reloaded: logged in again without typing; "Forget me"
 * in Settings and logging out end it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures.js';
import { launchWebCopy, NOT_HOSTING } from './support/web-copy.js';
import { button, connectTo, expectLoggedIn, field, logOut, openSettings, PASSWORD } from './support/ui.js';

test('remember me: a restart logs back in; Forget me and Log out end it', async ({ parley, browser }) => {
  const server = await parley.server();
  const profileDir = mkdtempSync(join(tmpdir(), 'parley-e2e-remember-'));
  const context = await browser.newContext();
  let web = await launchWebCopy({ name: 'alice', profileDir, settings: NOT_HOSTING });
  try {
    const page = await context.newPage();
    await page.goto(web.url);
    await connectTo(page, server);
    const remember = page.getByRole('checkbox', { name: /remember me/i });
    await expect(remember).toHaveAccessibleDescription(/only your user account on this computer can read/i);
    await field(page, 'Username').fill('alice');
    await field(page, 'Password').fill(PASSWORD);
    await remember.check();
    await button(page, 'Register').click();
    await expectLoggedIn(page);

    await web.dispose();
    web = await launchWebCopy({ name: 'alice', profileDir });
    await page.goto(web.url);
    await expectLoggedIn(page);

    const settings = await openSettings(page);
    await button(settings, 'Forget me').click();
    await expect(button(settings, 'Forget me')).toHaveCount(0);
    await button(settings, 'Close').click();
    await logOut(page);

    await web.dispose();
    web = await launchWebCopy({ name: 'alice', profileDir });
    await page.goto(web.url);
    await expect(field(page, 'Password')).toBeVisible();
  } finally {
    await context.close();
    await web.dispose();
    rmSync(profileDir, { recursive: true, force: true });
  }
});
