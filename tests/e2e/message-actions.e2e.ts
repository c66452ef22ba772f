/**
 * Message actions (protocol 1.2 relations) through the UI of two copies against one real server:
 * replies show the quoted original on both sides, an edit shows its new text and "(edited)" on the
 * other side, a delete leaves a tombstone on both, reactions count and toggle, and the keyboard
 * path works (Up arrow edits the last own message, the menu and the picker by keys). Controls are
 * found by role and accessible name only.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './support/axe.js';
import { actionsOf, bubble, messageAction, reactTo } from './support/message-actions-ui.js';
import { expect, test, type Copy, type ParleyFixture } from './support/fixtures.js';
import {
  button,
  connectTo,
  field,
  named,
  openConversation,
  register,
  personMenu,
  registerOn,
  send,
} from './support/ui.js';

/** alice and bob, registered on one real server, both logged in. */
async function aliceAndBob(parley: ParleyFixture): Promise<{ alice: Copy; bob: Copy }> {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await connectTo(bob.page, server);
  await register(bob.page, 'bob');
  return { alice, bob };
}

function composer(page: Page) {
  return page.getByRole('textbox', { name: named('Message') });
}

test('reply, react, edit and delete in a direct conversation, by mouse and by keyboard', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);

  const aliceLog = await openConversation(alice.page, 'bob');
  await send(alice.page, 'Lunch at noon?');
  const bobLog = await openConversation(bob.page, 'alice');
  await expect(bobLog.getByText('Lunch at noon?')).toBeVisible();
  // Delivered: the server's id is known, so the message offers its actions.
  await expect(actionsOf(alice.page, 'your', 'Lunch at noon?')).toBeAttached();

  await test.step('bob replies: the quote shows on both sides', async () => {
    await messageAction(bob.page, 'alice', 'Lunch at noon?', 'Reply');
    await expect(bob.page.getByRole('status').filter({ hasText: /replying to alice/i })).toBeVisible();
    await expect(composer(bob.page)).toBeFocused();
    await send(bob.page, 'Yes, see you there');
    await expect(bob.page.getByText(/replying to alice/i)).toHaveCount(0);
    await expect(bobLog.getByRole('button', { name: /in reply to alice: Lunch at noon\?/i })).toBeVisible();
    await expect(aliceLog.getByText('Yes, see you there')).toBeVisible();
    const quote = aliceLog.getByRole('button', { name: /in reply to you: Lunch at noon\?/i });
    await expect(quote).toBeVisible();
    await quote.click();
    await expect(bubble(aliceLog, 'Lunch at noon?')).toBeVisible();
  });

  await test.step('reactions count, name who reacted and toggle', async () => {
    await reactTo(alice.page, 'bob', 'Yes, see you there', '👍');
    await expect(aliceLog.getByRole('button', { name: '👍 1: alice. Press to remove yours' })).toBeVisible();
    const bobChip = bobLog.getByRole('button', { name: '👍 1: alice. Press to add yours' });
    await expect(bobChip).toBeVisible();
    await bobChip.click();
    await expect(
      bobLog.getByRole('button', { name: '👍 2: alice, bob. Press to remove yours' }),
    ).toBeVisible();
    const aliceChip = aliceLog.getByRole('button', { name: '👍 2: alice, bob. Press to remove yours' });
    await expect(aliceChip).toBeVisible();
    await aliceChip.click();
    await expect(aliceLog.getByRole('button', { name: '👍 1: bob. Press to add yours' })).toBeVisible();
    await expect(bobLog.getByRole('button', { name: '👍 1: bob. Press to remove yours' })).toBeVisible();
  });

  await test.step('axe: a thread with a quote and reactions, the open menu and picker', async () => {
    await expectNoSeriousViolations(alice.page, 'a reply and reactions');
    await actionsOf(alice.page, 'bob', 'Yes, see you there').click();
    await expectNoSeriousViolations(alice.page, 'the message actions menu');
    await alice.page.getByRole('menuitem', { name: 'React…' }).click();
    await expectNoSeriousViolations(alice.page, 'the reaction picker');
    await alice.page.keyboard.press('Escape');
    await expect(alice.page.getByRole('menu')).toHaveCount(0);
  });

  await test.step('alice edits: bob sees the new text, "(edited)" and the quote follow', async () => {
    await messageAction(alice.page, 'your', 'Lunch at noon?', 'Edit');
    await expect(composer(alice.page)).toHaveValue('Lunch at noon?');
    await expect(alice.page.getByRole('status').filter({ hasText: /editing your message/i })).toBeVisible();
    await expectNoSeriousViolations(alice.page, 'the composer while editing');
    await composer(alice.page).fill('Lunch at one?');
    await composer(alice.page).press('Enter');
    await expect(composer(alice.page)).toHaveValue('');
    await expect(bubble(bobLog, 'Lunch at one?')).toBeVisible();
    await expect(bobLog.getByText('(edited)')).toBeVisible();
    await expect(aliceLog.getByText('(edited)')).toBeVisible();
    await expect(bobLog.getByRole('button', { name: /in reply to alice: Lunch at one\?/i })).toBeVisible();
  });

  await test.step('alice deletes after confirming: a tombstone on both sides', async () => {
    await messageAction(alice.page, 'your', 'Lunch at one?', 'Delete…');
    const confirm = alice.page.getByRole('alertdialog', { name: /delete this message/i });
    await expect(confirm).toBeVisible();
    await button(confirm, 'Delete').click();
    await expect(confirm).toHaveCount(0);
    await expect(aliceLog.getByText('This message was deleted')).toBeVisible();
    await expect(bobLog.getByText('This message was deleted')).toBeVisible();
    await expect(bubble(bobLog, 'Lunch at one?')).toHaveCount(0);
    await expect(bobLog.getByText(/original message deleted/i)).toBeVisible();
    await expectNoSeriousViolations(bob.page, 'a tombstone and a reply to it');
  });

  await test.step('keyboard: Up arrow edits the last own message, Esc cancels, Enter saves', async () => {
    await send(alice.page, 'Typo heer');
    await expect(bobLog.getByText('Typo heer')).toBeVisible();
    const box = composer(alice.page);
    await expect(actionsOf(alice.page, 'your', 'Typo heer')).toBeAttached();
    await box.press('ArrowUp');
    await expect(box).toHaveValue('Typo heer');
    await box.press('Escape');
    await expect(box).toHaveValue('');
    await expect(alice.page.getByText(/editing your message/i)).toHaveCount(0);
    await box.press('ArrowUp');
    await expect(box).toHaveValue('Typo heer');
    await box.fill('Typo here');
    await box.press('Enter');
    await expect(bubble(bobLog, 'Typo here')).toBeVisible();
  });

  await test.step('keyboard: the menu and the picker by keys', async () => {
    const actions = actionsOf(bob.page, 'alice', 'Typo here');
    await actions.focus();
    await expect(actions).toBeVisible();
    await actions.press('Enter');
    await expect(bob.page.getByRole('menuitem', { name: 'Reply', exact: true })).toBeFocused();
    await bob.page.keyboard.press('ArrowDown');
    await expect(bob.page.getByRole('menuitem', { name: 'React…' })).toBeFocused();
    await bob.page.keyboard.press('Enter');
    await expect(bob.page.getByRole('menuitem', { name: 'React with 👍' })).toBeFocused();
    await bob.page.keyboard.press('ArrowRight');
    await expect(bob.page.getByRole('menuitem', { name: 'React with ❤️' })).toBeFocused();
    await bob.page.keyboard.press('Enter');
    await expect(actions).toBeFocused();
    await expect(aliceLog.getByRole('button', { name: '❤️ 1: bob. Press to add yours' })).toBeVisible();
    await actions.press('Enter');
    await expect(bob.page.getByRole('menu')).toBeVisible();
    await bob.page.keyboard.press('Escape');
    await expect(bob.page.getByRole('menu')).toHaveCount(0);
    await expect(actions).toBeFocused();
  });

  await test.step('a refusal is said in words where the action was made', async () => {
    await personMenu(bob.page, 'alice', 'Block');
    await reactTo(alice.page, 'bob', 'Yes, see you there', '🎉');
    await expect(
      aliceLog.getByRole('alert').filter({ hasText: /could not be reacted to: .*blocked you/i }),
    ).toBeVisible();
    await expect(aliceLog.getByRole('button', { name: /🎉/ })).toHaveCount(0);
    await alice.page.getByRole('textbox', { name: named('Message') }).press('ArrowUp');
    await composer(alice.page).fill('Typo fixed');
    await composer(alice.page).press('Enter');
    await expect(
      alice.page.getByRole('alert').filter({ hasText: /could not be edited: .*blocked you/i }),
    ).toBeVisible();
    await expect(composer(alice.page)).toHaveValue('Typo fixed');
    await composer(alice.page).press('Escape');
    await expect(composer(alice.page)).toHaveValue('');
    await expect(bubble(bobLog, 'Typo here')).toBeVisible();
  });
});

test('in a room: a reply quotes on both sides, reactions count, edits and deletes show', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);

  await button(alice.page, 'Create room').click();
  const create = alice.page.getByRole('dialog', { name: /create a room/i });
  await field(create, 'Room name').fill('team');
  await create.getByRole('radio', { name: /public/i }).check();
  await button(create, 'Create').click();
  await expect(alice.page.getByRole('heading', { name: '#team' })).toBeVisible();
  await button(bob.page, 'Browse rooms').click();
  const browse = bob.page.getByRole('dialog', { name: /browse rooms/i });
  await button(browse, 'Join #team').click();
  await expect(bob.page.getByRole('heading', { name: '#team' })).toBeVisible();
  const aliceLog = alice.page.getByRole('log', { name: /room #team/i });
  const bobLog = bob.page.getByRole('log', { name: /room #team/i });
  await expect(aliceLog.getByText(/bob joined/i)).toBeVisible();

  await send(bob.page, 'Standup at ten');
  await expect(aliceLog.getByText('Standup at ten')).toBeVisible();

  await test.step('alice replies to bob', async () => {
    await messageAction(alice.page, 'bob', 'Standup at ten', 'Reply');
    await send(alice.page, 'Make it half past');
    await expect(aliceLog.getByRole('button', { name: /in reply to bob: Standup at ten/i })).toBeVisible();
    await expect(bobLog.getByText('Make it half past')).toBeVisible();
    await expect(bobLog.getByRole('button', { name: /in reply to you: Standup at ten/i })).toBeVisible();
  });

  await test.step('bob reacts to the reply; alice adds hers', async () => {
    await reactTo(bob.page, 'alice', 'Make it half past', '🎉');
    const chip = aliceLog.getByRole('button', { name: '🎉 1: bob. Press to add yours' });
    await expect(chip).toBeVisible();
    await chip.click();
    await expect(
      bobLog.getByRole('button', { name: '🎉 2: bob, alice. Press to remove yours' }),
    ).toBeVisible();
  });

  await test.step('alice edits, bob deletes: both sides see it', async () => {
    await messageAction(alice.page, 'your', 'Make it half past', 'Edit');
    await composer(alice.page).fill('Make it eleven');
    await composer(alice.page).press('Enter');
    await expect(bobLog.getByText('Make it eleven')).toBeVisible();
    await expect(bobLog.getByText('(edited)')).toBeVisible();
    await messageAction(bob.page, 'your', 'Standup at ten', 'Delete…');
    await button(bob.page.getByRole('alertdialog', { name: /delete this message/i }), 'Delete').click();
    await expect(bobLog.getByText('This message was deleted')).toBeVisible();
    await expect(aliceLog.getByText('This message was deleted')).toBeVisible();
    await expect(aliceLog.getByText(/original message deleted/i)).toBeVisible();
    // The reactions on the edited reply stay.
    await expect(aliceLog.getByRole('button', { name: /🎉 2: bob, alice/ })).toBeVisible();
  });

  await test.step('the owner deletes a member’s message', async () => {
    await send(bob.page, 'Oops, wrong room');
    await expect(aliceLog.getByText('Oops, wrong room')).toBeVisible();
    await messageAction(alice.page, 'bob', 'Oops, wrong room', 'Delete…');
    await button(alice.page.getByRole('alertdialog', { name: /delete this message/i }), 'Delete').click();
    await expect(bobLog.getByText('Oops, wrong room')).toHaveCount(0);
    await expect(bobLog.getByText('This message was deleted')).toHaveCount(2);
    // Not the owner: bob's menu on alice's message has no Delete.
    await actionsOf(bob.page, 'alice', 'Make it eleven').click();
    await expect(bob.page.getByRole('menuitem', { name: 'Reply', exact: true })).toBeFocused();
    await expect(bob.page.getByRole('menuitem', { name: 'Delete…' })).toHaveCount(0);
    await bob.page.keyboard.press('Escape');
  });
});
