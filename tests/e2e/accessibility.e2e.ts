/**
 * axe-core finds no serious or critical violation on any screen (connect, log in, conversation,
 * private-chat request, settings), in the light and the dark theme; Esc closes Settings.
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

  await expect(button(page, 'Connect')).toBeVisible();
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
});
