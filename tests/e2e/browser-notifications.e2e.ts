/**
 * Browser mode's notification setting does something (issue 17, defect 19): turning it on asks the
 * browser at the click, and a message that arrives while the page is behind another shows a
 * notification through the page's Notification API with the shell's sanitised text.
 */
import { expect, test } from './support/fixtures.js';
import { openConversation, openSettings, registerOn, send } from './support/ui.js';

interface Shown {
  title: string;
  body: string | undefined;
}

/** The page globals these evaluations use (the node tsconfig has no DOM library). */
interface NotificationPage {
  Notification: new (title: string, options?: { body?: string }) => object;
  shownNotifications?: Shown[];
  document: { hasFocus(): boolean };
}

test('notifications: asked at the click, then shown for a message while the page is behind', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  // Records what the page hands the real Notification API (which headless Chromium does not draw).
  await alice.context.addInitScript(() => {
    const win = globalThis as unknown as NotificationPage;
    const Real = win.Notification;
    const shown: Shown[] = [];
    win.shownNotifications = shown;
    win.Notification = class extends Real {
      constructor(title: string, options?: { body?: string }) {
        super(title, options);
        shown.push({ title, body: options?.body });
      }
    };
  });
  await alice.page.reload();
  await registerOn(alice.page, server, 'alice');
  await registerOn(bob.page, server, 'bob');

  const settings = await openSettings(alice.page);
  const box = settings.getByRole('checkbox', { name: /show a notification/i });
  await expect(box).not.toBeChecked();
  await alice.context.grantPermissions(['notifications'], { origin: alice.web.origin });
  await box.click();
  await expect(box).toBeChecked();
  await settings.getByRole('button', { name: 'Close' }).click();

  // Another page of the same browser in front: alice's page is in the background. Playwright
  // tells every page it has focus unless asked not to pretend.
  const cdp = await alice.context.newCDPSession(alice.page);
  await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
  const other = await alice.context.newPage();
  await other.bringToFront();
  await expect
    .poll(() => alice.page.evaluate(() => (globalThis as unknown as NotificationPage).document.hasFocus()))
    .toBe(false);

  await openConversation(bob.page, 'alice');
  await send(bob.page, 'hi\u202Egnp.exe \u001b[31mred');
  await expect
    .poll(() =>
      alice.page.evaluate(() => (globalThis as unknown as NotificationPage).shownNotifications ?? []),
    )
    .toEqual([{ title: 'bob', body: 'hi gnp.exe [31mred' }]);
});
