/**
 * Hosting when the port is already taken by another program: from Settings, the status says the
 * server could not start, why and what to do, and another port then works; on the first run
 * ("This computer"), the connect screen says so and offers to host on any free port, which works.
 */
import { expect, test } from './support/fixtures.js';
import { occupy } from './support/occupied-port.js';
import { NOT_HOSTING, freePort } from './support/web-copy.js';
import { button, field, openSettings, registerOn } from './support/ui.js';

test('Settings: hosting on a taken port says why and what to do; another port then runs', async ({
  parley,
}) => {
  const server = await parley.server();
  const taken = await occupy();
  try {
    const alice = await parley.copy('alice');
    await registerOn(alice.page, server, 'alice');
    const settings = await openSettings(alice.page);
    const hostSwitch = settings.getByRole('switch', { name: /host a server/i });
    const status = settings.getByRole('status');

    await test.step('switched on with the taken port: the status gives the reason and the remedy', async () => {
      await field(settings, 'Port').fill(String(taken.port));
      await field(settings, 'Port').press('Tab');
      await hostSwitch.click();
      await expect(status).toContainText(/could not start/i);
      await expect(status).toContainText(`Port ${taken.port} is already in use`);
      await expect(status).toContainText(/pick another port below/i);
      await expect(status).not.toContainText(/EADDRINUSE/);
      await expect(hostSwitch).not.toBeChecked();
    });

    await test.step('another port, switched on again: it runs and gives the address', async () => {
      const port = await freePort();
      await field(settings, 'Port').fill(String(port));
      await field(settings, 'Port').press('Tab');
      await hostSwitch.click();
      await expect(status).toContainText(`127.0.0.1:${port}`);
      await expect(hostSwitch).toBeChecked();
    });
  } finally {
    taken.server.close();
  }
});

test('first run on "This computer" with the port taken: the reason, and hosting on any free port works', async ({
  parley,
}) => {
  const taken = await occupy();
  try {
    const alice = await parley.copy('alice', {
      settings: { hosting: { ...NOT_HOSTING.hosting, port: taken.port } },
    });
    const page = alice.page;
    await page.getByRole('radio', { name: /this computer/i }).check();
    await button(page, 'Start chatting').click();

    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`Port ${taken.port} is already in use`);
    await expect(alert).not.toContainText(/EADDRINUSE/);
    await expect(field(page, 'Username')).toBeHidden();

    await button(alert, 'Host on any free port instead').click();
    await expect(field(page, 'Username')).toBeVisible();
  } finally {
    taken.server.close();
  }
});
