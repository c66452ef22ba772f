/**
 * First run on "This computer" hosts and connects; register, log out, log in; a wrong password
 * says so; three in a row lock the name for a while.
 */
import { expect, test } from './support/fixtures.js';
import {
  button,
  connectToThisComputer,
  field,
  logIn,
  logOut,
  openSettings,
  register,
  registerOn,
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
