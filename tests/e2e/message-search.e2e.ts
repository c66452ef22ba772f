/**
 * Ctrl+K finds messages, not only names (local history's full-text search), and a result opens
 * its conversation at that message, far above the end of a long conversation.
 */
import { loggedIn, type LineClient } from '../helpers/line-client.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/fixtures.js';
import { conversationLog, registerOn } from './support/ui.js';

const COUNT = 300;
const NEEDLE = 'The blue umbrella is in the hall';

test('Ctrl+K finds a message by its words and opens the conversation at it', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  await registerOn(alice.page, server, 'alice');
  const bob: LineClient = await loggedIn(server.port, 'bob');
  const page = alice.page;
  try {
    for (let i = 1; i <= COUNT; i++)
      bob.send('message', { to: 'alice', text: i === 3 ? NEEDLE : `filler ${i}` });
    await expect(
      page.getByRole('button', { name: new RegExp(`chat with bob, ${COUNT} unread`, 'i') }),
    ).toBeVisible();

    await page.keyboard.press('Control+k');
    await page.keyboard.type('umbrel hal');
    const found = page.getByRole('navigation', { name: /messages found/i });
    const result = found.getByRole('button', { name: /umbrella is in the hall/i });
    await expect(result).toHaveCount(1);
    await expect(found.getByRole('button', { name: /filler/i })).toHaveCount(0);
    await expectNoSeriousViolations(page, 'messages found');
    await result.click();

    const log = conversationLog(page, 'bob');
    await expect(log.getByText(NEEDLE)).toBeVisible();
    // At the message, not at the end: the newest ones are out of view.
    await expect(log.getByText(`filler ${COUNT}`, { exact: true })).toBeHidden();
    await expectNoSeriousViolations(page, 'a found message');
  } finally {
    bob.close();
  }
});
