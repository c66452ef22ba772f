/**
 * End-to-end encrypted private chats in the UI: the padlock on an open chat, the safety number
 * dialog with the same 12 groups on both copies, and "Mark as verified".
 */
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/fixtures.js';
import { aliceAndBob, openPrivateChat } from './support/two-copies.js';
import {
  button,
  connectTo,
  conversationLog,
  logIn,
  logOut,
  openSettings,
  personMenu,
  requestDialog,
  send,
} from './support/ui.js';

test('safety numbers: the same 12 groups on both sides, and a contact marked verified', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);

  await openPrivateChat(alice, bob);
  await send(alice.page, 'Only we can read this');
  await expect(
    conversationLog(bob.page, 'Private chat with alice').getByText('Only we can read this'),
  ).toBeVisible();

  for (const copy of [alice, bob])
    await expect(copy.page.getByText('Encrypted', { exact: true })).toBeVisible();

  const shown: string[][] = [];
  for (const [copy, peer] of [
    [alice, 'bob'],
    [bob, 'alice'],
  ] as const) {
    await button(copy.page, 'Safety number').click();
    const dialog = copy.page.getByRole('dialog', { name: `Safety number with ${peer}` });
    await expect(dialog).toBeVisible();
    const groups = dialog.getByRole('list', { name: 'Safety number' }).getByRole('listitem');
    await expect(groups).toHaveCount(12);
    shown.push(await groups.allTextContents());
  }
  expect(shown[0]).toEqual(shown[1]);
  for (const group of shown[0] ?? []) expect(group).toMatch(/^\d{5}$/);

  const dialog = bob.page.getByRole('dialog', { name: 'Safety number with alice' });
  await expectNoSeriousViolations(bob.page, 'safety number dialog');
  const verified = dialog.getByRole('switch', { name: 'Mark as verified' });
  await expect(verified).toHaveAttribute('aria-checked', 'false');
  await verified.click();
  await expect(verified).toHaveAttribute('aria-checked', 'true');
  await button(dialog, 'Close').click();
  await expect(dialog).toBeHidden();
  await expect(bob.page.getByText('Encrypted, verified')).toBeVisible();

  // Esc closes alice's dialog; browser mode keeps the key in a 0600 file, and Settings says so.
  await alice.page.keyboard.press('Escape');
  await expect(alice.page.getByRole('dialog', { name: 'Safety number with bob' })).toBeHidden();
  const settings = await openSettings(alice.page);
  const section = settings.getByRole('region', { name: 'Private chats' });
  await expect(section.getByText(/Your encryption key is kept in a file only you can read/)).toBeVisible();
});

test('a contact whose key changed: refused in words, compared, accepted, then the chat opens', async ({
  parley,
}) => {
  const { server, alice, bob } = await aliceAndBob(parley);

  await openPrivateChat(alice, bob);
  await expect(bob.page.getByText('Encrypted', { exact: true })).toBeVisible();
  await logOut(alice.page);

  // alice on a new computer: the same account, a new static key.
  const reinstalled = await parley.copy('alice-new');
  await connectTo(reinstalled.page, server);
  await logIn(reinstalled.page, 'alice');
  await personMenu(reinstalled.page, 'bob', 'Start private chat');
  await button(requestDialog(bob.page, 'alice'), 'Accept').click();
  await expect(reinstalled.page.getByText(/your key is not the one they had for you/)).toBeVisible();
  await expect(
    bob.page.getByText(/alice's safety number has changed, so the chat was refused/),
  ).toBeVisible();

  await button(bob.page, 'Safety number changed').click();
  const dialog = bob.page.getByRole('dialog', { name: 'Safety number with alice' });
  await expect(dialog.getByRole('alert')).toContainText("alice's safety number has changed");
  await expect(dialog.getByRole('list', { name: 'New safety number' }).getByRole('listitem')).toHaveCount(12);
  await expectNoSeriousViolations(bob.page, 'safety number changed');
  await button(dialog, 'Accept the new key').click();
  await expect(dialog.getByRole('switch', { name: 'Mark as verified' })).toBeVisible();
  await button(dialog, 'Close').click();

  await personMenu(reinstalled.page, 'bob', 'Start private chat');
  await button(requestDialog(bob.page, 'alice'), 'Accept').click();
  await expect(conversationLog(reinstalled.page, 'Private chat with bob')).toBeVisible();
  await expect(bob.page.getByText('Encrypted', { exact: true })).toBeVisible();
});
