/**
 * Private (peer-to-peer) chats: one requested, accepted, used both ways and ended; one rejected;
 * one cancelled by the requester while the other's dialog is open, which closes the dialog.
 */
import { expect, test } from './support/fixtures.js';
import { button, conversationLog, personMenu, registerOn, requestDialog, send } from './support/ui.js';

test('private chats: accepted and used both ways then ended, rejected, cancelled', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  for (const copy of [alice, bob]) {
    await registerOn(copy.page, server, copy.name);
  }

  await test.step('alice asks, bob sees who asks and accepts, both write, alice ends it', async () => {
    await personMenu(alice.page, 'bob', 'Start private chat');
    await expect(alice.page.getByText(/waiting for bob/i)).toBeVisible();
    const dialog = requestDialog(bob.page, 'alice');
    await expect(dialog).toBeVisible();
    await button(dialog, 'Accept').click();
    await expect(dialog).toBeHidden();

    // Both land in the private conversation, which is not the direct one.
    const aliceLog = conversationLog(alice.page, 'Private chat with bob');
    const bobLog = conversationLog(bob.page, 'Private chat with alice');
    await expect(aliceLog).toBeVisible();
    await expect(bobLog).toBeVisible();
    await send(alice.page, 'Just between us');
    await expect(bobLog.getByText('Just between us')).toBeVisible();
    await send(bob.page, 'Peer to peer, nice');
    await expect(aliceLog.getByText('Peer to peer, nice')).toBeVisible();

    await personMenu(alice.page, 'bob', 'End private chat');
    await expect(bob.page.getByText(/alice (left|ended)/i)).toBeVisible();
  });

  await test.step('a request bob rejects tells alice', async () => {
    await personMenu(alice.page, 'bob', 'Start private chat');
    const dialog = requestDialog(bob.page, 'alice');
    await expect(dialog).toBeVisible();
    await button(dialog, 'Reject').click();
    await expect(dialog).toBeHidden();
    await expect(alice.page.getByText(/rejected|declined|said no/i)).toBeVisible();
  });

  await test.step('a request alice cancels closes bob’s dialog', async () => {
    await personMenu(alice.page, 'bob', 'Start private chat');
    const dialog = requestDialog(bob.page, 'alice');
    await expect(dialog).toBeVisible();
    await button(alice.page, 'Cancel').click();
    await expect(dialog).toBeHidden();
    await expect(alice.page.getByText(/waiting for bob/i)).toBeHidden();
  });
});
