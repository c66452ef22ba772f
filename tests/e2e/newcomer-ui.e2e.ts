/**
 * What a new user hit in the window (issue 17): a private chat that claimed secrecy and outlived a
 * block, raw controls and bidi overrides in messages, plain-text links, stale notices and a lost
 * "Ask again", presence that disagreed in an outage, and wording on the first screens.
 */
import { expect, test } from './support/fixtures.js';
import { aliceAndBob, openPrivateChat } from './support/two-copies.js';
import {
  button,
  connectToThisComputer,
  conversationLog,
  field,
  logOut,
  openConversation,
  openSettings,
  person,
  personMenu,
  register,
  registerOn,
  requestDialog,
  send,
} from './support/ui.js';

test('a private chat claims no secrecy, and blocking its peer ends it on both sides and says so', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);

  await openPrivateChat(alice, bob);
  const aliceLog = conversationLog(alice.page, 'Private chat with bob');

  await test.step('peer to peer, in words, with no promise of secrecy', async () => {
    await expect(alice.page.getByText(/peer to peer: messages go straight/i)).toBeVisible();
    // Since issue 14 the chat is end-to-end encrypted and its header may say so ("Encrypted"); what
    // must never show is the old promise about who reads it.
    await expect(alice.page.getByText(/only you and bob|secret|no one else/i)).toHaveCount(0);
  });

  await test.step('alice blocks bob from the private chat’s menu: the chat ends and the timeline says why', async () => {
    await send(bob.page, 'before the block');
    await expect(aliceLog.getByText('before the block')).toBeVisible();
    await button(alice.page, 'Actions for bob').click();
    const block = alice.page.getByRole('menuitem', { name: 'Block' });
    await expect(block).toHaveAccessibleDescription('Also ends the private chat');
    await block.click();
    await expect(alice.page.getByText('You blocked bob, so the private chat ended.')).toBeVisible();
    await expect(alice.page.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    // Asking again makes no sense while bob is blocked, and the line says why instead.
    await expect(button(alice.page, 'Ask again')).toHaveCount(0);
    await expect(alice.page.getByText(/unblock bob first/i).first()).toBeVisible();
  });

  await test.step('bob can no longer write into it', async () => {
    await expect(bob.page.getByText('alice ended the private chat.')).toBeVisible();
    await expect(bob.page.getByRole('textbox', { name: 'Message' })).toBeDisabled();
  });
});

test('messages show controls and overrides visibly, and render links and formatting without HTML', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);
  await openConversation(alice.page, 'bob');
  const log = await openConversation(bob.page, 'alice');

  await test.step('an ANSI colour and a right-to-left override show as marks, not as effects', async () => {
    await send(alice.page, '\u001b[31mRED');
    await send(alice.page, '\u202eevil override text');
    await expect(log.getByText('␛[31mRED')).toBeVisible();
    await expect(log.getByText('\\u{202e}evil override text')).toBeVisible();
  });

  await test.step('links, code and emphasis; markup and script links stay text', async () => {
    await send(alice.page, 'run `npm test`, *really*, then read https://example.com/docs.');
    const link = log.getByRole('link', { name: 'https://example.com/docs' });
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute('href', 'https://example.com/docs');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(link).toHaveAttribute('title', /https:\/\/example\.com\/docs/);
    await expect(log.getByRole('code').filter({ hasText: 'npm test' })).toBeVisible();
    await expect(log.getByRole('emphasis').filter({ hasText: 'really' })).toBeVisible();

    await send(alice.page, '<b>not bold</b> javascript:alert(1) https://bank.test@evil.test/');
    await expect(
      log.getByText('<b>not bold</b> javascript:alert(1) https://bank.test@evil.test/'),
    ).toBeVisible();
    await expect(log.getByRole('link')).toHaveCount(1);
  });
});

test('a declined request keeps "Ask again"; request lines replace each other and go away', async ({
  parley,
}) => {
  const { alice, bob } = await aliceAndBob(parley);
  // bob's page runs on a clock the test can move, to see a line go away without waiting a minute.
  await bob.context.clock.install();
  await bob.page.reload();
  await expect(person(bob.page, 'alice', 'online')).toBeVisible();

  await test.step('bob declines: alice is told, and can ask again from the same line', async () => {
    await personMenu(alice.page, 'bob', 'Start private chat');
    await button(requestDialog(bob.page, 'alice'), 'Reject').click();
    await expect(alice.page.getByText('No private chat: bob declined.')).toBeVisible();
    await button(alice.page, 'Ask again').click();
    await expect(alice.page.getByText(/waiting for bob/i)).toBeVisible();
    // One line at a time: the refusal is gone, not stacked above the new request.
    await expect(alice.page.getByText('No private chat: bob declined.')).toHaveCount(0);
  });

  const withdrawn = bob.page
    .getByRole('list', { name: 'Private chat requests' })
    .getByText("alice's private chat request was withdrawn");
  await test.step('two withdrawn requests leave one line, not two', async () => {
    await expect(requestDialog(bob.page, 'alice')).toBeVisible();
    await button(alice.page, 'Cancel').click();
    await expect(withdrawn).toHaveCount(1);
    await personMenu(alice.page, 'bob', 'Start private chat');
    await expect(requestDialog(bob.page, 'alice')).toBeVisible();
    await button(alice.page, 'Cancel').click();
    await expect(requestDialog(bob.page, 'alice')).toBeHidden();
    await expect(withdrawn).toHaveCount(1);
  });

  await test.step('and the line goes away by itself', async () => {
    await bob.page.clock.fastForward('01:05');
    await expect(withdrawn).toHaveCount(0);
  });
});

test('an offline person shows when they were last seen', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const carol = await parley.copy('carol');
  for (const copy of [alice, carol]) await registerOn(copy.page, server, copy.name);
  await expect(person(alice.page, 'carol', 'online')).toBeVisible();
  await logOut(carol.page);
  await expect(person(alice.page, 'carol', 'offline')).toHaveAccessibleName(/last seen just now/);
});

test('in an outage the people list and the header agree: presence not known', async ({ parley }) => {
  const { server, alice } = await aliceAndBob(parley);
  await openConversation(alice.page, 'bob');
  const header = alice.page.getByRole('region', { name: 'bob', exact: true });
  await expect(header.getByText('online', { exact: true })).toBeVisible();

  await server.stop();
  await expect(header.getByText('not known while disconnected')).toBeVisible();
  await expect(person(alice.page, 'bob')).toHaveAccessibleName(/not known while disconnected/);
  await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
  await expect(person(alice.page, 'bob', 'offline')).toHaveCount(0);
});

test('first run: "This computer" asks for no address; a login problem is said once; Change server is not a welcome', async ({
  parley,
}) => {
  const server = await parley.server();
  const { page } = await parley.copy('alice');

  await test.step('"This computer" needs no host or port and starts chatting', async () => {
    await expect(page.getByRole('heading', { name: 'Welcome to Parley' })).toBeVisible();
    await expect(page.getByRole('radio', { name: /this computer/i })).toBeChecked();
    await expect(button(page, 'Start chatting')).toBeVisible();
    await expect(field(page, 'Host')).toHaveCount(0);
    await expect(field(page, 'Port')).toHaveCount(0);
    await expect(button(page, 'Connect')).toHaveCount(0);
    await page.getByRole('radio', { name: /another server/i }).check();
    await expect(field(page, 'Host')).toBeVisible();
    await expect(button(page, 'Connect')).toBeVisible();
    await field(page, 'Host').fill(server.host);
    await field(page, 'Port').fill(String(server.port));
    await button(page, 'Connect').click();
  });

  await test.step('a bad name is said once, and says which letters', async () => {
    await field(page, 'Username').fill('zoë');
    await field(page, 'Password').fill('correct-horse-1');
    await button(page, 'Log in').click();
    await expect(page.getByText(/A–Z/)).toHaveCount(1);
    await expect(page.getByText(/no accents/)).toHaveCount(1);
    await expect(field(page, 'Username')).toBeFocused();
  });

  await test.step('Change server is titled so', async () => {
    await button(page, 'Change server').click();
    await expect(page.getByRole('heading', { name: 'Change server' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Welcome to Parley' })).toHaveCount(0);
  });
});

test('Settings says where it is connected in the middle of a sentence: "this computer"', async ({
  parley,
}) => {
  const { page } = await parley.copy('alice');
  await connectToThisComputer(page);
  await register(page, 'alice');
  const settings = await openSettings(page);
  await expect(settings.getByText(/^Connected to this computer \(127\.0\.0\.1:\d+\)$/)).toBeVisible();
});
