/**
 * Defect 16 of issue 17: messages written while the server is away wait ("Waiting for
 * connection"), the composer clears, and they go by themselves once the server is back, once
 * each and in order; nothing says "Not sent" and nothing asks for a retry.
 */
import type { Page } from '@playwright/test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { expect, test } from './support/fixtures.js';
import { button, openConversation, registerOn, send } from './support/ui.js';

async function nudgeReconnect(page: Page): Promise<void> {
  await button(page, 'Reconnect now')
    .click({ timeout: 2_000 })
    .catch(() => undefined);
}

test('messages written while the server is away wait, then go by themselves once it is back', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await registerOn(bob.page, server, 'bob');
  const aliceLog = await openConversation(alice.page, 'bob');
  const bobLog = await openConversation(bob.page, 'alice');

  let again: TestServer | undefined;
  try {
    await test.step('written while the server is away: the composer clears and the message waits', async () => {
      await server.stop();
      await expect(button(alice.page, 'Reconnect now')).toBeVisible();
      await send(alice.page, 'Are you still there?');
      await send(alice.page, 'Second while away');
      await expect(aliceLog.getByText('Are you still there?')).toHaveCount(1);
      await expect(aliceLog.getByText('Second while away')).toHaveCount(1);
      await expect(aliceLog.getByText(/waiting for connection/i).last()).toBeVisible();
      await expect(aliceLog.getByText(/not sent/i)).toHaveCount(0);
      await expect(button(aliceLog, 'Retry')).toHaveCount(0);
    });

    await test.step('the server is back: both go by themselves, once each, in order', async () => {
      again = await startTestServer({ port: server.port }, server.dataDir);
      // Each copy's own reconnect may already be under way (and hide the button) by the time we get
      // there: "Reconnect now" only skips the wait, so it is a nudge, not a step to wait for.
      await nudgeReconnect(bob.page);
      await expect(button(bob.page, 'Reconnect now')).toBeHidden({ timeout: 30_000 });
      await nudgeReconnect(alice.page);
      await expect(bobLog.getByText('Second while away')).toBeVisible({ timeout: 30_000 });
      const texts = await bobLog.getByText(/Are you still there\?|Second while away/).allTextContents();
      expect(texts).toEqual(['Are you still there?', 'Second while away']);
      await expect(aliceLog.getByText(/waiting for connection/i)).toHaveCount(0);
      // Bob has the conversation open, so his client may already have said he read them (1.2 [read]).
      await expect(aliceLog.getByText(/\b(delivered|read)\b/i).first()).toBeAttached();
    });
  } finally {
    await again?.stop();
  }
});
