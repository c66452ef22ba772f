/**
 * Rooms through the UI of two copies against one real server: alice creates a public #team with
 * a topic, bob finds it in Browse rooms and joins, alice sees bob's join line, and messages go
 * both ways with their senders' names, and the owner
 * kicks bob. Controls are found by role and name only.
 */
import { expect, test } from './support/fixtures.js';
import { button, connectTo, field, register, registerOn, send } from './support/ui.js';

test('alice creates #team, bob browses and joins, they talk', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await connectTo(bob.page, server);
  await register(bob.page, 'bob');

  await test.step('alice creates #team; a name that breaks the rule cannot be sent', async () => {
    await button(alice.page, 'Create room').click();
    const dialog = alice.page.getByRole('dialog', { name: /create a room/i });
    await expect(dialog).toBeVisible();
    await field(dialog, 'Room name').fill('Team Room');
    await expect(dialog.getByText(/does not fit/i)).toBeVisible();
    await expect(button(dialog, 'Create')).toBeDisabled();
    await field(dialog, 'Room name').fill('team');
    await expect(dialog.getByText(/does not fit/i)).toHaveCount(0);
    await dialog.getByRole('radio', { name: /public/i }).check();
    await field(dialog, 'Topic').fill('Where the team talks');
    await button(dialog, 'Create').click();
    await expect(dialog).toHaveCount(0);
    await expect(alice.page.getByRole('heading', { name: '#team' })).toBeVisible();
    await expect(alice.page.getByText('Where the team talks')).toBeVisible();
    await expect(alice.page.getByRole('button', { name: /room #team/i })).toBeVisible();
  });

  await test.step('bob browses the public rooms and joins #team', async () => {
    await button(bob.page, 'Browse rooms').click();
    const dialog = bob.page.getByRole('dialog', { name: /browse rooms/i });
    await expect(dialog.getByText('Where the team talks')).toBeVisible();
    await button(dialog, 'Join #team').click();
    await expect(dialog).toHaveCount(0);
    await expect(bob.page.getByRole('heading', { name: '#team' })).toBeVisible();
  });

  const aliceLog = alice.page.getByRole('log', { name: /room #team/i });
  const bobLog = bob.page.getByRole('log', { name: /room #team/i });

  await test.step('alice sees bob join', async () => {
    await expect(aliceLog.getByText(/bob joined/i)).toBeVisible();
  });

  await test.step('messages go both ways with the sender named', async () => {
    await send(bob.page, 'Hello team');
    await expect(bobLog.getByText('Hello team')).toBeVisible();
    await expect(aliceLog.getByText('Hello team')).toBeVisible();
    await expect(aliceLog.getByText('bob', { exact: true })).toBeVisible();
    await send(alice.page, 'Welcome, bob');
    await expect(bobLog.getByText('Welcome, bob')).toBeVisible();
    await expect(bobLog.getByText('alice', { exact: true })).toBeVisible();
  });

  await test.step('the members panel lists both, online, the owner marked', async () => {
    await button(bob.page, 'Members').click();
    const members = bob.page.getByRole('list', { name: /members of #team/i });
    await expect(members.getByRole('listitem', { name: /alice, owner, online/i })).toBeVisible();
    await expect(members.getByRole('listitem', { name: /^bob, online/i })).toBeVisible();
    await expect(button(bob.page, 'Kick')).toHaveCount(0);
    await expect(button(bob.page, 'Leave room')).toBeVisible();
  });

  await test.step('the owner kicks bob: both see the line, bob can no longer write', async () => {
    await button(alice.page, 'Members').click();
    await button(alice.page, 'Kick bob').click();
    await expect(aliceLog.getByText(/bob was removed by alice/i)).toBeVisible();
    await expect(bobLog.getByText(/bob was removed by alice/i)).toBeVisible();
    await expect(bob.page.getByRole('textbox', { name: /message/i })).toBeDisabled();
  });
});
