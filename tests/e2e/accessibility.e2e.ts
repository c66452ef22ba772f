/**
 * axe-core finds no serious or critical violation on any screen (connect, log in, conversation,
 * private-chat request, settings, the room dialogs and a room), in the light and the dark theme; Esc closes Settings; the
 * sidebar's separator resizes it from the keyboard.
 */
import { expect, test } from './support/fixtures.js';
import { expectNoSeriousViolations } from './support/axe.js';
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
} from './support/ui.js';

test('every screen passes axe in both themes', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  const page = alice.page;

  await expect(button(page, 'Start chatting')).toBeVisible();
  await expectNoSeriousViolations(page, 'connect');

  await connectTo(page, server);
  await expectNoSeriousViolations(page, 'log in');
  await register(page, 'alice');

  await registerOn(bob.page, server, 'bob');
  await openConversation(page, 'bob');
  await send(page, 'Checking the contrast of my own bubble');
  await openConversation(bob.page, 'alice');
  await send(bob.page, 'And of a received one');
  await expect(conversationLog(page, 'bob').getByText('And of a received one')).toBeVisible();
  // Formatting and links, whose colours must read on both bubbles.
  await send(page, 'Mine has `code`, *emphasis* and https://example.com/mine');
  await send(bob.page, 'So does `this` one: *see* https://example.com/docs');
  await expect(
    conversationLog(page, 'bob').getByRole('link', { name: 'https://example.com/docs' }),
  ).toBeVisible();
  await expectNoSeriousViolations(page, 'conversation');

  await personMenu(bob.page, 'alice', 'Start private chat');
  const dialog = requestDialog(page, 'bob');
  await expect(dialog).toBeVisible();
  await expectNoSeriousViolations(page, 'private-chat request');
  await button(dialog, 'Reject').click();
  await expect(dialog).toBeHidden();

  const settings = await openSettings(page);
  await expectNoSeriousViolations(page, 'settings');
  await expect(field(settings, 'Port')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  await button(page, 'Create room').click();
  const create = page.getByRole('dialog', { name: /create a room/i });
  await field(create, 'Room name').fill('Not Valid');
  await expect(create.getByText(/does not fit/i)).toBeVisible();
  await expectNoSeriousViolations(page, 'create room');
  await field(create, 'Room name').fill('team');
  await field(create, 'Topic').fill('Where the team talks');
  await button(create, 'Create').click();
  await expect(create).toBeHidden();
  await button(page, 'Members').click();
  await expect(page.getByRole('list', { name: /members of #team/i })).toBeVisible();
  await expectNoSeriousViolations(page, 'room with members');

  await button(bob.page, 'Browse rooms').click();
  const browse = bob.page.getByRole('dialog', { name: /browse rooms/i });
  await expect(button(browse, 'Join #team')).toBeVisible();
  await expectNoSeriousViolations(bob.page, 'browse rooms');
});

test('the sidebar resizes from its separator by keyboard and pointer and keeps its width after a reload', async ({
  parley,
}) => {
  const server = await parley.server();
  const { page } = await parley.copy('alice');
  await connectTo(page, server);
  await register(page, 'alice');

  const sidebar = page.getByRole('complementary', { name: 'Conversations and people' });
  const separator = page.getByRole('separator', { name: 'Resize sidebar' });
  await expect(separator).toHaveAttribute('aria-orientation', 'vertical');
  await expect(separator).toHaveAttribute('aria-valuenow', '280');
  await separator.focus();
  await page.keyboard.press('ArrowRight');
  await expect(separator).toHaveAttribute('aria-valuenow', '296');
  await page.keyboard.press('End');
  await expect(separator).toHaveAttribute('aria-valuenow', '440');
  expect((await sidebar.boundingBox())?.width).toBe(440);

  await page.reload();
  await expect(separator).toHaveAttribute('aria-valuenow', '440');
  await separator.focus();
  await page.keyboard.press('Home');
  await expect(separator).toHaveAttribute('aria-valuenow', '220');
  expect((await sidebar.boundingBox())?.width).toBe(220);

  // And by pointer: dragging the edge 60 px to the right widens the sidebar by as much.
  const edge = await separator.boundingBox();
  if (!edge) throw new Error('the separator has no box');
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + edge.width / 2 + 60, edge.y + edge.height / 2, { steps: 4 });
  await page.mouse.up();
  await expect(separator).toHaveAttribute('aria-valuenow', '280');
  expect((await sidebar.boundingBox())?.width).toBe(280);
});
