/**
 * The connect screen's "Found on your network" list over real multicast DNS (issue 14): a headless
 * server advertised on the LAN is listed in a browser-mode copy by role and name, and choosing it
 * connects over TLS to that very server (its fingerprint shown in Settings). Everything runs inside
 * one unprivileged network namespace with only `lo` (tests/helpers/netns.ts): the copy is its
 * first process, and the server and Chromium join it with nsenter, so no mDNS packet leaves the
 * machine. Where such a namespace can't be made the test skips and says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../src-main/tls/server-certificate.js';
import { IN_NEW_NAMESPACE, inNamespaceOf, MDNS_PORT, namespaceProblem } from '../helpers/netns.js';
import { CHROMIUM_PATH, chromiumLaunchOptions } from './support/chromium.js';
import { openCopyPage } from './support/fixtures.js';
import { button, field, openSettings, register } from './support/ui.js';
import { launchWebCopy, NOT_HOSTING, ROOT } from './support/web-copy.js';
import { expect, test } from '@playwright/test';

const problem = namespaceProblem();
const MDNS = { PARLEY_MDNS_PORT: String(MDNS_PORT) };

test('a server advertised on the local network is listed in the connect screen, and choosing it connects', async ({
  playwright,
}, testInfo) => {
  test.skip(problem !== undefined, `needs an unprivileged network namespace: ${problem ?? ''}`);
  const dir = mkdtempSync(join(tmpdir(), 'parley-e2e-found-'));
  const started: ChildProcess[] = [];
  // Discovery on for this copy only (the config turns it off for every other), on the namespace's port.
  const web = await launchWebCopy({
    name: 'finder',
    settings: NOT_HOSTING,
    prefix: IN_NEW_NAMESPACE,
    env: { ...MDNS, PARLEY_DISCOVERY: 'on' },
  });
  try {
    const pid = web.pid;
    const data = join(dir, 'lab-data');
    mkdirSync(data);
    const [command = 'nsenter', ...args] = [
      ...inNamespaceOf(pid),
      process.execPath,
      ...['--import', 'tsx', 'src-main/server/cli.ts', '--host', '0.0.0.0', '--port', '0'],
      ...['--data', data, '--advertise', 'Lab'],
    ];
    const lab = spawn(command, args, { cwd: ROOT, stdio: 'ignore', env: { ...process.env, ...MDNS } });
    started.push(lab);

    // Chromium in the same namespace: Playwright talks to it over a pipe, which nsenter passes on.
    const launcher = join(dir, 'chromium-in-namespace');
    writeFileSync(launcher, `#!/bin/sh\nexec ${inNamespaceOf(pid).join(' ')} ${CHROMIUM_PATH} "$@"\n`);
    chmodSync(launcher, 0o755);
    const browser = await playwright.chromium.launch({
      ...chromiumLaunchOptions(),
      executablePath: launcher,
    });
    try {
      const page = await openCopyPage(await browser.newContext(), web);
      const found = page.getByRole('region', { name: 'Found on your network' });
      const choice = found.getByRole('button', {
        name: /^Use Lab at 127\.0\.0\.1:\d+, found on your network$/,
      });
      await expect(choice).toBeVisible();
      await choice.click();
      await expect(field(page, 'Host')).toHaveValue('127.0.0.1');
      await expect(page.getByRole('checkbox', { name: /use tls/i })).toBeChecked();
      await button(page, 'Connect').click();
      await expect(field(page, 'Username')).toBeVisible();
      await register(page, 'finn');
      // The very server that was advertised: its certificate's fingerprint.
      const { fingerprint } = await selfSignedCertificate(data);
      await expect(await openSettings(page)).toContainText(fingerprint);
    } finally {
      await browser.close();
    }
  } finally {
    for (const child of started) await stop(child);
    if (testInfo.status !== testInfo.expectedStatus)
      await testInfo.attach('finder output', { body: web.output.join('') });
    await web.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
