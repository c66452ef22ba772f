/**
 * Mentions, per-conversation mute and the room topic through the UI of browser-mode copies
 * against one real server: `@` completes a room's members, a mention of you is marked and counted
 * apart, a muted room shows no count and notifies only of mentions, and a member's topic change
 * shows on the others' screens. Controls are found by role and name only.
 */
import type { Page } from '@playwright/test';
import { expect, test, type Copy } from './support/fixtures.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { button, field, openConversation, openSettings, registerOn, send } from './support/ui.js';

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

/** The ARIA 1.3 role of <mark>: Playwright knows it, its types do not yet. */
const MARK = 'mark' as Parameters<Page['getByRole']>[0];

function composer(page: Page) {
  return page.getByRole('textbox', { name: 'Message', exact: true });
}

function roomLog(page: Page, room: string) {
  return page.getByRole('log', { name: `Room #${room}` });
}

/** A sidebar item by its whole accessible name ("Room #design, 2 unread, 1 mention"). */
function roomItem(page: Page, name: string) {
  return page.getByRole('button', { name, exact: true });
}

async function createRoom(page: Page, room: string): Promise<void> {
  await button(page, 'Create room').click();
  const dialog = page.getByRole('dialog', { name: /create a room/i });
  await field(dialog, 'Room name').fill(room);
  await dialog.getByRole('radio', { name: /public/i }).check();
  await button(dialog, 'Create').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `#${room}` })).toBeVisible();
}

async function joinRoom(page: Page, room: string): Promise<void> {
  await button(page, 'Browse rooms').click();
  const dialog = page.getByRole('dialog', { name: /browse rooms/i });
  await button(dialog, `Join #${room}`).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `#${room}` })).toBeVisible();
}

/** Records what the page hands the Notification API (headless Chromium draws none). */
async function recordNotifications(copy: Copy): Promise<void> {
  await copy.context.addInitScript(() => {
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
  await copy.page.reload();
}

async function shownNotifications(page: Page): Promise<Shown[]> {
  return page.evaluate(() => (globalThis as unknown as NotificationPage).shownNotifications ?? []);
}

test('@ completes the members of a room, and a mention of you is marked and counted apart', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  const carol = await parley.copy('carol');
  for (const copy of [alice, bob, carol]) await registerOn(copy.page, server, copy.name);
  await createRoom(alice.page, 'design');
  await joinRoom(bob.page, 'design');
  await joinRoom(carol.page, 'design');
  await expect(roomLog(alice.page, 'design').getByText(/carol joined/i)).toBeVisible();
  // carol looks at another conversation while bob writes.
  await openConversation(carol.page, 'alice');

  await test.step('typing @ lists the other members; arrows move, Escape closes', async () => {
    const box = composer(bob.page);
    await box.pressSequentially('@');
    const list = bob.page.getByRole('listbox', { name: 'Mention someone' });
    await expect(list.getByRole('option', { name: '@alice' })).toBeVisible();
    await expect(list.getByRole('option', { name: '@carol' })).toBeVisible();
    await expect(list.getByRole('option', { name: '@bob' })).toHaveCount(0);
    await expectNoSeriousViolations(bob.page, 'mention autocomplete');
    await expect(list.getByRole('option', { name: '@alice' })).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    await expect(list.getByRole('option', { name: '@carol' })).toHaveAttribute('aria-selected', 'true');
    await box.press('Escape');
    await expect(list).toHaveCount(0);
    await expect(box).toHaveValue('@');
  });

  await test.step('Tab and Enter complete the name; the message goes with it', async () => {
    const box = composer(bob.page);
    await box.fill('');
    await box.pressSequentially('hi @ca');
    const list = bob.page.getByRole('listbox', { name: 'Mention someone' });
    await expect(list.getByRole('option')).toHaveCount(1);
    await box.press('Tab');
    await expect(list).toHaveCount(0);
    await expect(box).toHaveValue('hi @carol ');
    await box.pressSequentially('and @al');
    await box.press('Enter');
    await expect(box).toHaveValue('hi @carol and @alice ');
    await box.pressSequentially('look');
    await box.press('Enter');
    await expect(box).toHaveValue('');
    await send(bob.page, 'and one more');
  });

  await test.step("carol's sidebar counts the mention apart from the unread", async () => {
    await expect(roomItem(carol.page, 'Room #design, 2 unread, 1 mention')).toBeVisible();
    await roomItem(carol.page, 'Room #design, 2 unread, 1 mention').click();
    const log = roomLog(carol.page, 'design');
    await expect(log.getByRole(MARK)).toHaveText('@carol');
    await expect(roomItem(carol.page, 'Room #design')).toBeVisible();
  });

  await test.step('a mention of someone else is not marked as yours', async () => {
    const log = roomLog(bob.page, 'design');
    await expect(log.getByText('hi @carol and @alice look')).toBeVisible();
    await expect(log.getByRole(MARK)).toHaveCount(0);
  });
});

test('a muted room shows no count and notifies only of mentions; mute stays after a reload', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await recordNotifications(alice);
  await registerOn(alice.page, server, 'alice');
  await registerOn(bob.page, server, 'bob');
  await createRoom(alice.page, 'design');
  await joinRoom(bob.page, 'design');
  await expect(roomLog(alice.page, 'design').getByText(/bob joined/i)).toBeVisible();

  await test.step('alice mutes #design from its header', async () => {
    await alice.page.getByRole('button', { name: 'Mute #design', exact: true }).click();
    await expect(alice.page.getByRole('button', { name: 'Unmute #design' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  await test.step('alice turns notifications on and puts her page behind another', async () => {
    const settings = await openSettings(alice.page);
    await alice.context.grantPermissions(['notifications'], { origin: alice.web.origin });
    const box = settings.getByRole('checkbox', { name: /show a notification/i });
    await box.click();
    await expect(box).toBeChecked();
    await settings.getByRole('button', { name: 'Close' }).click();
    await openConversation(alice.page, 'bob');
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const other = await alice.context.newPage();
    await other.bringToFront();
    await expect
      .poll(() => alice.page.evaluate(() => (globalThis as unknown as NotificationPage).document.hasFocus()))
      .toBe(false);
  });

  await test.step('a plain message counts nothing; a mention counts and notifies', async () => {
    await send(bob.page, 'plain news');
    await expect(roomItem(alice.page, 'Room #design, muted')).toBeVisible();
    await send(bob.page, '@alice please look');
    await expect(roomItem(alice.page, 'Room #design, muted, 1 mention')).toBeVisible();
    // Only the mention: the plain message came first and would be first in the list.
    await expect
      .poll(() => shownNotifications(alice.page))
      .toEqual([{ title: 'bob in #design', body: '@alice please look' }]);
  });

  await test.step('the mute is kept by the app core: still muted after a reload', async () => {
    await alice.page.bringToFront();
    await alice.page.reload();
    await expect(roomItem(alice.page, 'Room #design, muted, 1 mention')).toBeVisible();
  });

  await test.step("the sidebar item's menu unmutes it: the count is back", async () => {
    await roomItem(alice.page, 'Room #design, muted, 1 mention').click({ button: 'right' });
    const menu = alice.page.getByRole('menu', { name: 'Options for #design' });
    await expect(menu).toBeVisible();
    await expectNoSeriousViolations(alice.page, 'sidebar item menu, a muted room');
    await menu.getByRole('menuitem', { name: 'Unmute #design' }).click();
    await expect(menu).toHaveCount(0);
    await expect(roomItem(alice.page, 'Room #design, 2 unread, 1 mention')).toBeVisible();
  });

  await test.step("a direct conversation is muted from the person's menu", async () => {
    await openConversation(alice.page, 'bob');
    await button(alice.page, 'Actions for bob').click();
    await alice.page.getByRole('menuitem', { name: 'Mute bob' }).click();
    await button(alice.page, 'Actions for bob').click();
    await expect(alice.page.getByRole('menuitem', { name: 'Unmute bob' })).toBeVisible();
    await alice.page.keyboard.press('Escape');
    await roomItem(alice.page, 'Room #design, 2 unread, 1 mention').click();
    await send(bob.page, 'direct hello');
    await expect(roomItem(alice.page, 'Chat with bob, muted')).toBeVisible();
  });
});

test('a member edits the topic; the others see it at once; Escape cancels', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await registerOn(bob.page, server, 'bob');
  await createRoom(alice.page, 'design');
  await joinRoom(bob.page, 'design');

  await test.step('bob, a member, sets the topic with Enter; alice sees it live', async () => {
    await button(bob.page, 'Edit topic').click();
    const topic = bob.page.getByRole('textbox', { name: 'Room topic' });
    await expect(topic).toBeFocused();
    await expectNoSeriousViolations(bob.page, 'editing the topic');
    await topic.fill('Ship v2 by Friday');
    await topic.press('Enter');
    await expect(topic).toHaveCount(0);
    await expect(bob.page.getByText('Ship v2 by Friday', { exact: true })).toBeVisible();
    await expect(alice.page.getByText('Ship v2 by Friday', { exact: true })).toBeVisible();
    await expect(roomLog(alice.page, 'design').getByText('Topic: Ship v2 by Friday')).toBeVisible();
  });

  await test.step('Escape cancels an edit; too long a topic is refused in words', async () => {
    await button(alice.page, 'Edit topic').click();
    const topic = alice.page.getByRole('textbox', { name: 'Room topic' });
    await expect(topic).toHaveValue('Ship v2 by Friday');
    await topic.fill('never mind');
    await topic.press('Escape');
    await expect(topic).toHaveCount(0);
    await expect(alice.page.getByText('Ship v2 by Friday', { exact: true })).toBeVisible();
    await expect(button(alice.page, 'Edit topic')).toBeFocused();

    await button(alice.page, 'Edit topic').click();
    await topic.fill('x'.repeat(201));
    await topic.press('Enter');
    await expect(alice.page.getByRole('alert').filter({ hasText: 'at most 200 characters' })).toBeVisible();
    await expect(topic).toHaveAttribute('aria-invalid', 'true');
    await topic.press('Escape');
    await expect(bob.page.getByText('Ship v2 by Friday', { exact: true })).toBeVisible();
  });
});
