/**
 * Blocking from a person's menu stops that person's messages and hides the blocker's presence from
 * them; unblocking restores both. Carol is a third user who blocks nobody: her presence shows that
 * alice's people list has loaded, so bob missing from it means something.
 */
import { expect, test } from './support/fixtures.js';
import {
  conversationLog,
  logIn,
  logOut,
  openConversation,
  person,
  personMenu,
  registerOn,
  send,
} from './support/ui.js';

test('block stops messages and presence; unblock restores them', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  const carol = await parley.copy('carol');
  for (const copy of [alice, bob, carol]) {
    await registerOn(copy.page, server, copy.name);
  }
  await expect(person(alice.page, 'bob', 'online')).toBeVisible();
  await expect(person(bob.page, 'alice', 'online')).toBeVisible();

  await test.step('bob blocks alice: her message is refused with the reason', async () => {
    await personMenu(bob.page, 'alice', 'Block');
    await openConversation(alice.page, 'bob');
    await send(alice.page, 'Are you ignoring me?');
    const aliceLog = conversationLog(alice.page, 'bob');
    await expect(aliceLog.getByText('Are you ignoring me?')).toBeVisible();
    await expect(aliceLog.getByText(/blocked you/i)).toBeVisible();
    // Refused by the server, so bob never had it.
    const bobLog = await openConversation(bob.page, 'alice');
    await expect(bobLog.getByText('Are you ignoring me?')).toHaveCount(0);
  });

  await test.step('and alice no longer sees bob online', async () => {
    await logOut(alice.page);
    await logIn(alice.page, 'alice');
    await expect(person(alice.page, 'carol', 'online')).toBeVisible();
    await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
  });

  await test.step('bob unblocks alice: presence and messages come back', async () => {
    await personMenu(bob.page, 'alice', 'Unblock');
    // Presence is live only: bob's next login is what tells alice he is there.
    await logOut(bob.page);
    await logIn(bob.page, 'bob');
    await expect(person(alice.page, 'bob', 'online')).toBeVisible();

    await openConversation(alice.page, 'bob');
    await send(alice.page, 'Friends again?');
    const bobLog = await openConversation(bob.page, 'alice');
    await expect(bobLog.getByText('Friends again?')).toBeVisible();
  });
});
