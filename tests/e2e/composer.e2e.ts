/**
 * The composer: Shift+Enter starts a new line and sends nothing, Enter sends (both lines arrive as
 * one message), the 4000-character limit is shown beside it, and a longer text can't be sent (not
 * by Enter, not by Send) until it is cut back to the limit.
 */
import { loggedIn, type LineClient } from '../helpers/line-client.js';
import { expect, test } from './support/fixtures.js';
import { button, openConversation, person, registerOn } from './support/ui.js';

test('Shift+Enter is a new line, Enter sends, and the 4000-character limit holds', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  await registerOn(alice.page, server, 'alice');
  // bob is a raw protocol client, so what reaches the server is seen exactly.
  const bob: LineClient = await loggedIn(server.port, 'bob');
  const page = alice.page;

  try {
    await expect(person(page, 'bob', 'online')).toBeVisible();
    const log = await openConversation(page, 'bob');
    const box = page.getByRole('textbox', { name: /message/i });
    const send = button(page, 'Send');

    await test.step('Shift+Enter makes a new line and sends nothing; Enter sends both lines', async () => {
      await expect(box).toBeFocused();
      await page.keyboard.type('First line');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('second line');
      await expect(box).toHaveValue('First line\nsecond line');
      await expect(log.getByText('First line')).toHaveCount(0);

      await page.keyboard.press('Enter');
      await expect(box).toHaveValue('');
      await expect(box).toBeFocused();
      const received = await bob.push('message');
      expect(received).toMatchObject({ from: 'alice', text: 'First line\nsecond line' });
      await expect(log.getByText(/First line\s*second line/)).toBeVisible();
    });

    await test.step('the limit is shown near the composer as the count grows', async () => {
      await expect(box).toHaveAccessibleDescription(/0 \/ 4000/);
      await box.fill('x'.repeat(4000));
      await expect(box).toHaveAccessibleDescription(/4000 \/ 4000/);
      await expect(send).toBeEnabled();
    });

    await test.step('one character over: the excess is said and the text can’t be sent', async () => {
      await box.fill('w'.repeat(4002));
      await expect(box).toHaveAccessibleDescription(/\b2 characters over the 4000-character limit/);
      const tooLong = `${'y'.repeat(4000)}z`;
      await box.fill(tooLong);
      await expect(box).toHaveAccessibleDescription(/\b1 character over the 4000-character limit/);
      await expect(send).toBeDisabled();
      await box.press('Enter');
      // Enter did nothing: the text is still there, whole, and nothing new is in the log.
      await expect(box).toHaveValue(tooLong);
      await expect(log.getByText(/^y{4000}z$/)).toHaveCount(0);
    });

    await test.step('cut back to 4000 characters, it sends and arrives whole', async () => {
      await box.press('End');
      await box.press('Backspace');
      await expect(box).toHaveAccessibleDescription(/4000 \/ 4000/);
      await box.press('Enter');
      await expect(box).toHaveValue('');
      const received = await bob.push('message');
      expect(received).toMatchObject({ from: 'alice', text: 'y'.repeat(4000) });
      // The over-long text never reached the server.
      expect(bob.takePushes('message')).toEqual([]);
    });
  } finally {
    bob.close();
  }
});
