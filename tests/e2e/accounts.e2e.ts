/**
 * First run on "This computer" hosts and connects; register, log out, log in; a wrong password
 * says so; three in a row lock the name for a while. Protocol 1.2 accounts: finding anyone
 * registered, presence after a block, changing the password, deleting the account, and the
 * host's administration of its server.
 */
import { LineClient } from '../helpers/line-client.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/fixtures.js';
import {
  button,
  connectToThisComputer,
  conversationLog,
  field,
  logIn,
  logOut,
  openBroadcast,
  openSettings,
  PASSWORD,
  person,
  personMenu,
  register,
  registerOn,
  send,
  tryLogIn,
} from './support/ui.js';

test('first run on "This computer" starts hosting and a newcomer can register on it', async ({ parley }) => {
  // Port 0: the embedded server takes any free port, so copies never fight over 5000.
  const { page } = await parley.copy('alice');
  await connectToThisComputer(page);
  await register(page, 'alice');
  const settings = await openSettings(page);
  await expect(settings.getByRole('switch', { name: /host a server/i })).toBeChecked();
  await expect(settings.getByRole('status')).toContainText(/127\.0\.0\.1:\d+/);
});

test('a new user registers, logs out and logs in again; a wrong password says so', async ({ parley }) => {
  const server = await parley.server();
  const { page } = await parley.copy('alice');

  await registerOn(page, server, 'alice');
  await logOut(page);
  await logIn(page, 'alice');
  await logOut(page);

  await tryLogIn(page, 'alice', 'not-the-password');
  await expect(
    page.getByText(/invalid password|wrong password|password is (wrong|incorrect)/i),
  ).toBeVisible();
  await expect(button(page, 'Log in')).toBeVisible();
});

test('three wrong passwords lock the name and say how long until it can be tried again', async ({
  parley,
}) => {
  const server = await parley.server({ blockDurationMs: 60_000 });
  const { page } = await parley.copy('alice');
  await registerOn(page, server, 'alice');
  await logOut(page);

  const wrongPassword = page.getByText(/invalid password|wrong password|password is (wrong|incorrect)/i);
  for (const attempt of [1, 2]) {
    await tryLogIn(page, 'alice', `wrong-password-${attempt}`);
    await expect(wrongPassword).toBeVisible();
  }
  await tryLogIn(page, 'alice', 'wrong-password-3');
  const lockout = page.getByText(/(locked|blocked|too many)/i);
  await expect(lockout).toBeVisible();
  // How long. Protocol 1.1's 403 carries no duration, so a client of another server can only
  // say roughly ("in a few minutes"); a number or a clock time passes too.
  await expect(lockout).toHaveText(
    /try again\b.*\b(\d+|a few|an?)\s*(s\b|sec|second|min|minute|hour)|\d{1,2}:\d{2}/i,
  );

  // Locked means locked: the right password is refused too, with the same reason.
  await tryLogIn(page, 'alice', 'correct-horse-1');
  await expect(lockout).toBeVisible();
  await expect(field(page, 'Username')).toBeVisible();
});

test('Ctrl+K finds a registered user who was never online, and a message to them is stored', async ({
  parley,
}) => {
  const server = await parley.server();
  // erin registered and never logged in: no presence, no whoelsesince, only [users] knows her.
  const erin = await LineClient.connect(server.port);
  expect((await erin.request('register', { username: 'erin', password: PASSWORD })).status).toBe(200);
  erin.close();
  const { page } = await parley.copy('alice');
  await registerOn(page, server, 'alice');

  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('Er');
  await person(page, 'erin').first().click();
  await expect(conversationLog(page, 'erin')).toBeVisible();
  await send(page, 'Welcome, erin');
  await expect(conversationLog(page, 'erin').getByText(/erin will get it when back/i)).toBeVisible();
  expect(server.store.inbox.count('erin')).toBe(1);
});

test('bob blocks alice: she no longer sees him online and the broadcast count drops (defect 9)', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  const carol = await parley.copy('carol');
  for (const copy of [alice, bob, carol]) await registerOn(copy.page, server, copy.name);
  await expect(person(alice.page, 'bob', 'online')).toBeVisible();
  await expect(person(alice.page, 'carol', 'online')).toBeVisible();
  await openBroadcast(alice.page);
  await expect(alice.page.getByText('2 others online')).toBeVisible();

  await personMenu(bob.page, 'alice', 'Block');
  await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
  await expect(alice.page.getByText('1 other online')).toBeVisible();
  // And it stays so after he leaves: no presence of his reaches her any more.
  await logOut(bob.page);
  await expect(person(alice.page, 'carol', 'online')).toBeVisible();
  await expect(person(alice.page, 'bob', 'online')).toHaveCount(0);
});

test('Settings → Account: change the password, then delete the account', async ({ parley }) => {
  const server = await parley.server();
  const { page } = await parley.copy('alice');
  await registerOn(page, server, 'alice');

  let settings = await openSettings(page);
  await button(settings, 'Change password').click();
  const change = page.getByRole('dialog', { name: /change password/i });
  await expectNoSeriousViolations(page, 'change password');
  await field(change, 'Current password').fill('not my password');
  await field(change, 'New password').fill('a brand new one');
  await button(change, 'Change password').click();
  await expect(change.getByRole('alert')).toHaveText(/not your current password/i);
  await field(change, 'Current password').fill(PASSWORD);
  await button(change, 'Change password').click();
  await expect(change.getByRole('status')).toHaveText(/password is changed/i);
  await button(change, 'Close').click();
  await logOut(page);
  await logIn(page, 'alice', 'a brand new one');

  settings = await openSettings(page);
  await button(settings, 'Delete account').click();
  const confirm = page.getByRole('alertdialog', { name: /delete the account alice/i });
  await expectNoSeriousViolations(page, 'delete account');
  await field(confirm, 'Password').fill('a brand new one');
  await button(confirm, 'Delete account').click();
  await expect(field(page, 'Username')).toBeVisible();
  expect(server.store.users.exists('alice')).toBe(false);
});

test('Settings → People on this server: the host logs out, locks and removes an account', async ({
  parley,
}) => {
  const host = await parley.copy('alice');
  await connectToThisComputer(host.page);
  await register(host.page, 'alice');
  let settings = await openSettings(host.page);
  const status = await settings.getByRole('status').first().textContent();
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(status ?? '')?.[1]);
  await button(settings, 'Close').click();

  const bob = await parley.copy('bob');
  await registerOn(bob.page, { host: '127.0.0.1', port }, 'bob');

  settings = await openSettings(host.page);
  const people = settings.getByRole('region', { name: 'People on this server' });
  const bobRow = people.getByRole('listitem').filter({ hasText: 'bob' });
  await expect(bobRow).toContainText('online');
  await expectNoSeriousViolations(host.page, 'people on this server');
  await button(people, 'Log out bob').click();
  await expect(bob.page.getByText(/host of this server logged you out/i)).toBeVisible();

  await button(people, 'Lock bob for').click();
  const lock = host.page.getByRole('dialog', { name: 'Lock bob' });
  await expectNoSeriousViolations(host.page, 'lock an account');
  await lock.getByLabel('For').selectOption({ label: '1 hour' });
  await button(lock, 'Lock').click();
  await expect(bobRow).toContainText(/locked until/);
  await tryLogIn(bob.page, 'bob', PASSWORD);
  await expect(bob.page.getByText(/locked|blocked/i)).toBeVisible();

  await button(people, 'Unlock bob').click();
  await expect(bobRow).not.toContainText(/locked until/);
  await button(people, "Remove bob's account").click();
  const remove = host.page.getByRole('alertdialog', { name: /remove bob's account/i });
  await button(remove, 'Remove account').click();
  await expect(bobRow).toHaveCount(0);
  await expect(people.getByRole('listitem').filter({ hasText: 'alice' })).toBeVisible();
});
