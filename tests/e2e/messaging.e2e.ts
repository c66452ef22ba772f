/**
 * Two users against one real server: presence appears, messages go both ways (delivered), a
 * reloaded page comes back as it was, presence goes when a user logs out, a message to someone
 * away waits for their next login, and a broadcast reaches everyone online. One flow, so the
 * copies are started once.
 */
import { expect, test } from './support/fixtures.js';
import {
  connectTo,
  conversationLog,
  expectLoggedIn,
  logIn,
  logOut,
  openBroadcast,
  openConversation,
  person,
  register,
  registerOn,
  send,
} from './support/ui.js';

test('presence, messages both ways, offline delivery and broadcast between two users', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await connectTo(bob.page, server);

  await test.step('presence appears when the other logs in', async () => {
    await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
    await register(bob.page, 'bob');
    await expect(person(alice.page, 'bob', 'online')).toBeVisible();
    await expect(person(bob.page, 'alice', 'online')).toBeVisible();
  });

  await test.step('messages go both ways', async () => {
    const aliceLog = await openConversation(alice.page, 'bob');
    await send(alice.page, 'Hi Bob, lunch at noon?');
    await expect(aliceLog.getByText('Hi Bob, lunch at noon?')).toBeVisible();

    const bobLog = await openConversation(bob.page, 'alice');
    await expect(bobLog.getByText('Hi Bob, lunch at noon?')).toBeVisible();
    // Bob has the conversation open, so his client may already have said he read it (1.2 [read]).
    await expect(aliceLog.getByText(/\b(delivered|read)\b/i).first()).toBeAttached();
    await send(bob.page, 'Sure, see you there');
    await expect(aliceLog.getByText('Sure, see you there')).toBeVisible();
  });

  await test.step('a reloaded page rebuilds itself from the app: still logged in, same messages', async () => {
    await bob.page.reload();
    await expectLoggedIn(bob.page);
    const bobLog = await openConversation(bob.page, 'alice');
    await expect(bobLog.getByText('Hi Bob, lunch at noon?')).toBeVisible();
    await expect(bobLog.getByText('Sure, see you there')).toBeVisible();
  });

  await test.step('presence disappears when the other logs out', async () => {
    await logOut(bob.page);
    await expect(person(alice.page, 'bob', 'offline')).toBeVisible();
    await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
  });

  await test.step('a message to someone away is stored and delivered at their next login', async () => {
    await send(alice.page, 'Message for when you are back');
    const log = conversationLog(alice.page, 'bob');
    await expect(log.getByText('Message for when you are back')).toBeVisible();
    await expect(log.getByText(/stored|until they|when they|offline/i)).toBeVisible();

    await logIn(bob.page, 'bob');
    const bobLog = await openConversation(bob.page, 'alice');
    await expect(bobLog.getByText('Message for when you are back')).toBeVisible();
    await expect(person(alice.page, 'bob', 'online')).toBeVisible();
  });

  await test.step('a broadcast reaches everyone online', async () => {
    const aliceBroadcast = await openBroadcast(alice.page);
    await send(alice.page, 'Fire drill at three, everyone');
    await expect(aliceBroadcast.getByText('Fire drill at three, everyone')).toBeVisible();
    const bobBroadcast = await openBroadcast(bob.page);
    await expect(bobBroadcast.getByText('Fire drill at three, everyone')).toBeVisible();
  });
});
