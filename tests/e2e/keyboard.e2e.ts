/**
 * Keyboard use: Ctrl+K jumps to the search box from anywhere, typing filters people and
 * conversations, Enter opens the first match; Esc on the private-chat request dialog rejects it
 * and the requester is told.
 */
import { loggedIn, type LineClient } from '../helpers/line-client.js';
import { expect, test } from './support/fixtures.js';
import { conversationLog, person, personMenu, registerOn, requestDialog } from './support/ui.js';

test('Ctrl+K, filter and Enter open a conversation; Esc rejects a private-chat request', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await registerOn(bob.page, server, 'bob');
  // A third user from a raw protocol client: another name for the filter to hide.
  const carol: LineClient = await loggedIn(server.port, 'carol');
  const page = alice.page;
  const search = page.getByRole('searchbox', { name: /search people and conversations/i });

  try {
    await expect(person(page, 'bob', 'online')).toBeVisible();
    await expect(person(page, 'carol', 'online')).toBeVisible();

    await test.step('Ctrl+K focuses the search box; typing filters; Enter opens the match', async () => {
      await page.getByRole('region', { name: /people/i }).click({ position: { x: 5, y: 5 } });
      await expect(search).not.toBeFocused();
      await page.keyboard.press('Control+k');
      await expect(search).toBeFocused();
      await page.keyboard.type('car');
      await expect(person(page, 'carol')).toBeVisible();
      await expect(person(page, 'bob')).toHaveCount(0);
      await page.keyboard.press('Enter');
      await expect(conversationLog(page, 'carol')).toBeVisible();
    });

    await test.step('Ctrl+K from the composer: the old search is replaced by what is typed', async () => {
      await expect(page.getByRole('textbox', { name: /message/i })).toBeFocused();
      await page.keyboard.press('Control+k');
      await expect(search).toBeFocused();
      await page.keyboard.type('bo');
      await expect(search).toHaveValue('bo');
      await expect(person(page, 'bob')).toBeVisible();
      await expect(person(page, 'carol')).toHaveCount(0);
      await page.keyboard.press('Enter');
      await expect(conversationLog(page, 'bob')).toBeVisible();
    });

    await test.step('Esc on the request dialog rejects it, and bob is told', async () => {
      await personMenu(bob.page, 'alice', 'Start private chat');
      const dialog = requestDialog(page, 'bob');
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(bob.page.getByText(/rejected|declined|said no/i)).toBeVisible();
      await expect(conversationLog(page, 'Private chat with bob')).toHaveCount(0);
    });
  } finally {
    carol.close();
  }
});
