/** A host with a short inactivity timeout logs an idle user out; the app says why. */
import { expect, test } from './support/fixtures.js';
import { expectLoggedIn, field, logIn, registerOn } from './support/ui.js';

test('an idle user is logged out for inactivity and told so', async ({ parley }) => {
  const server = await parley.server({ inactivityTimeoutMs: 3_000 });
  const { page } = await parley.copy('alice');
  await registerOn(page, server, 'alice');
  await expectLoggedIn(page);

  // The server's timer, not a sleep: the log-in form comes back by itself with the reason.
  await expect(field(page, 'Username')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/inactiv/i)).toBeVisible();
  await logIn(page, 'alice');
});
