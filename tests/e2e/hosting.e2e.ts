/**
 * "Host a server" from Settings: alice (a user of another server) starts hosting, bob connects to
 * her copy, and when she switches hosting off and on again bob sees the server go and come back.
 */
import { expect, test } from './support/fixtures.js';
import { freePort } from './support/web-copy.js';
import { connectionAlert, expectLoggedIn, field, openSettings, registerOn } from './support/ui.js';

test('hosting switched on and off from Settings; the other copy sees the server go and come back', async ({
  parley,
}) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');

  const settings = await openSettings(alice.page);
  const hostSwitch = settings.getByRole('switch', { name: /host a server/i });
  const status = settings.getByRole('status');
  const port = await freePort();

  await test.step('alice switches hosting on: the status gives the address', async () => {
    await expect(hostSwitch).not.toBeChecked();
    await expect(
      settings.getByRole('checkbox', { name: /allow connections from the local network/i }),
    ).toBeVisible();
    await field(settings, 'Port').fill(String(port));
    await field(settings, 'Port').press('Tab');
    await hostSwitch.click();
    await expect(hostSwitch).toBeChecked();
    await expect(status).toContainText(`127.0.0.1:${port}`);
  });

  await test.step('bob connects to alice’s server', async () => {
    await registerOn(bob.page, { host: '127.0.0.1', port }, 'bob');
    await expect(connectionAlert(bob.page)).toHaveCount(0);
  });

  await test.step('alice switches hosting off (bob is on it, so she is asked): bob is told the server went', async () => {
    await hostSwitch.click();
    await alice.page
      .getByRole('alertdialog', { name: /stop hosting/i })
      .getByRole('button', { name: /stop hosting/i })
      .click();
    await expect(hostSwitch).not.toBeChecked();
    await expect(connectionAlert(bob.page).first()).toBeVisible();
    await expect(status).not.toContainText(`127.0.0.1:${port}`);
  });

  await test.step('alice switches it on again: bob is back by himself', async () => {
    await hostSwitch.click();
    await expect(status).toContainText(`127.0.0.1:${port}`);
    // Automatic reconnect with backoff: generous, but an event the page shows, not a sleep.
    await expect(connectionAlert(bob.page)).toHaveCount(0, { timeout: 60_000 });
    await expectLoggedIn(bob.page);
  });
});
