/**
 * Issue 17 as a new user meets it in browser mode: nothing hosted unless chosen, the truth about
 * who can join, stopping a server others use asks first, errors that say what to do where they
 * are shown, a tab that recovers after `npm run web` restarts, and two tabs that agree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './support/fixtures.js';
import { occupy } from './support/occupied-port.js';
import { launchWebCopy, NOT_HOSTING } from './support/web-copy.js';
import {
  button,
  connectionAlert,
  connectTo,
  connectToThisComputer,
  field,
  openSettings,
  personMenu,
  register,
  registerOn,
  requestDialog,
  settingsButton,
} from './support/ui.js';

test('joining another server: no hosting, and no word about a server that could not start', async ({
  parley,
}) => {
  const server = await parley.server();
  const taken = await occupy();
  try {
    // The defaults, except that the port this copy would host on is taken (macOS's AirPlay on 5000).
    const bob = await parley.copy('bob', {
      settings: {
        hosting: {
          enabled: true,
          port: taken.port,
          allowLan: false,
          blockDurationSeconds: 60,
          inactivityTimeoutSeconds: 0,
        },
      },
    });
    await registerOn(bob.page, server, 'bob');
    await expect(bob.page.getByText(/could not start/i)).toHaveCount(0);
    const settings = await openSettings(bob.page);
    await expect(settings.getByRole('switch', { name: /host a server/i })).not.toBeChecked();
    await expect(settings.getByRole('status')).not.toContainText(/could not start/i);
  } finally {
    taken.server.close();
  }
});

test('hosting on this computer: says others cannot join until the local network is allowed', async ({
  parley,
}) => {
  const alice = await parley.copy('alice');
  await connectToThisComputer(alice.page);
  await register(alice.page, 'alice');
  const people = alice.page.getByRole('region', { name: /people/i });
  await expect(people).toContainText(/others can.t join yet/i);
  await expect(people).not.toContainText(/share 127\.0\.0\.1/i);
  await button(people, 'Allow connections from the local network').click();
  await expect(people).toContainText(/others on your network can join at/i);
  const settings = await openSettings(alice.page);
  await expect(
    settings.getByRole('checkbox', { name: /allow connections from the local network/i }),
  ).toBeChecked();
});

test('switching hosting off while someone is connected asks first, saying how many', async ({ parley }) => {
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await connectToThisComputer(alice.page);
  await register(alice.page, 'alice');
  const settings = await openSettings(alice.page);
  const status = settings.getByRole('status');
  const port = Number(/127\.0\.0\.1:(\d+)/.exec((await status.textContent()) ?? '')?.[1]);
  await registerOn(bob.page, { host: '127.0.0.1', port }, 'bob');
  await expect(status).toContainText('2 online');

  const hostSwitch = settings.getByRole('switch', { name: /host a server/i });
  await hostSwitch.click();
  const ask = alice.page.getByRole('alertdialog', { name: /stop hosting/i });
  await expect(ask).toContainText(/1 other person is connected/i);
  await button(ask, 'Keep hosting').click();
  await expect(ask).toBeHidden();
  await expect(hostSwitch).toBeChecked();
  await expect(connectionAlert(bob.page)).toHaveCount(0);

  await hostSwitch.click();
  await button(ask, 'Stop hosting').click();
  await expect(hostSwitch).not.toBeChecked();
  await expect(connectionAlert(bob.page).first()).toBeVisible();
});

test('changing to another server while someone uses this one says they will be disconnected', async ({
  parley,
}) => {
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await connectToThisComputer(alice.page);
  await register(alice.page, 'alice');
  const settings = await openSettings(alice.page);
  const port = Number(
    /127\.0\.0\.1:(\d+)/.exec((await settings.getByRole('status').textContent()) ?? '')?.[1],
  );
  await registerOn(bob.page, { host: '127.0.0.1', port }, 'bob');
  await button(settings, 'Change server').click();
  await alice.page.getByRole('radio', { name: /another server/i }).check();
  await expect(alice.page.getByRole('status')).toContainText(
    /1 person connected to it will be disconnected/i,
  );
});

test('a taken port: each place says what to do from there, never "in Settings"', async ({ parley }) => {
  const taken = await occupy();
  try {
    const alice = await parley.copy('alice', {
      settings: { hosting: { ...NOT_HOSTING.hosting, port: taken.port } },
    });
    const page = alice.page;
    await expect(button(page, 'Start chatting')).toBeVisible();
    await page.getByRole('radio', { name: /this computer/i }).check();
    await button(page, 'Start chatting').click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText(`Port ${taken.port} is already in use`);
    await expect(alert).toContainText(/host on any free port instead/i);
    await expect(alert).not.toContainText(/settings/i);

    // Into the app another way, then the same failure from Settings.
    await button(alert, 'Host on any free port instead').click();
    await register(page, 'alice');
    const settings = await openSettings(page);
    await field(settings, 'Port').fill(String(taken.port));
    await field(settings, 'Port').press('Tab');
    const hostSwitch = settings.getByRole('switch', { name: /host a server/i });
    await hostSwitch.click();
    // Nobody else is on it, so it stops without asking.
    await expect(hostSwitch).not.toBeChecked();
    await hostSwitch.click();
    const status = settings.getByRole('status');
    await expect(status).toContainText(`Port ${taken.port} is already in use`);
    await expect(status).toContainText(/pick another port below/i);
    await expect(status).not.toContainText(/in settings/i);
  } finally {
    taken.server.close();
  }
});

test('after npm run web restarts, the open tab gets back in with Reload; a wrong token says what to do', async ({
  browser,
}) => {
  const profileDir = mkdtempSync(join(tmpdir(), 'parley-e2e-restart-'));
  const context = await browser.newContext();
  try {
    let web = await launchWebCopy({ name: 'alice', profileDir, settings: NOT_HOSTING });
    const page = await context.newPage();
    await page.goto(web.url);
    await expect(button(page, 'Start chatting')).toBeVisible();
    await web.dispose();

    const closed = page.getByRole('alert');
    await expect(closed).toContainText(/has stopped/i);
    // Started again as a user would (the profile's last port, here given explicitly).
    web = await launchWebCopy({ name: 'alice', profileDir, port: Number(new URL(web.url).port) });
    await button(closed, 'Reload').click();
    await expect(button(page, 'Start chatting')).toBeVisible();

    const wrong = await context.newPage();
    await wrong.goto(`${web.origin}/?token=${'0'.repeat(32)}`);
    const refused = wrong.getByRole('alert');
    await expect(refused).toContainText(/open the address npm run web printed/i);
    await expect(refused).not.toContainText(/one-time/i);
    await expect(button(wrong, 'Reload')).toHaveCount(0);
    await web.dispose();
  } finally {
    await context.close();
    rmSync(profileDir, { recursive: true, force: true });
  }
});

test('two tabs of one copy agree: a request answered in one leaves the other too', async ({ parley }) => {
  const server = await parley.server();
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await connectTo(bob.page, server);
  await register(bob.page, 'bob');
  const second = await alice.context.newPage();
  await second.goto(alice.web.url);
  await expect(settingsButton(second)).toBeVisible();

  await personMenu(bob.page, 'alice', 'Start private chat');
  await expect(requestDialog(alice.page, 'bob')).toBeVisible();
  await expect(requestDialog(second, 'bob')).toBeVisible();
  await button(requestDialog(alice.page, 'bob'), 'Reject').click();
  await expect(requestDialog(alice.page, 'bob')).toBeHidden();
  await expect(requestDialog(second, 'bob')).toBeHidden();
});
