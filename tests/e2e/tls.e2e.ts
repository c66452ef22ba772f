/**
 * TLS in the UI: a copy connects to a TLS server it has never seen (the fingerprint is pinned and
 * shown in Settings), and, with a different fingerprint pinned, is refused in words and accepts
 * the new certificate only after the user's explicit click.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { selfSignedCertificate } from '../../src-main/tls/server-certificate.js';
import { startServer, type RunningServer } from '../helpers/tls-fixtures.js';
import { expect, test } from './support/fixtures.js';
import { button, field, openSettings, register } from './support/ui.js';

const STALE = `SHA256:${'A'.repeat(43)}`;

test('a TLS server is pinned at first use and shown in Settings; a changed certificate is refused until the user accepts it', async ({
  parley,
}) => {
  const servers: RunningServer[] = [];
  try {
    const server = await startServer('self-signed');
    servers.push(server);
    const { fingerprint } = await selfSignedCertificate(server.dataDir);

    await test.step('first use: connects over TLS, Settings shows the fingerprint', async () => {
      const { page } = await parley.copy('ana');
      await page.getByRole('radio', { name: /another server/i }).check();
      await field(page, 'Host').fill('127.0.0.1');
      await field(page, 'Port').fill(String(server.port));
      await page.getByRole('checkbox', { name: /use tls/i }).check();
      await button(page, 'Connect').click();
      await expect(field(page, 'Username')).toBeVisible();
      await register(page, 'ana');
      const settings = await openSettings(page);
      await expect(settings).toContainText('Encrypted with TLS 1.3');
      await expect(settings).toContainText(fingerprint);
    });

    await test.step('a different pin: refused in words, accepted after comparing', async () => {
      const bo = await parley.copy('bo');
      writeFileSync(
        join(bo.web.profileDir, 'known-servers.json'),
        JSON.stringify({ [`127.0.0.1:${server.port}`]: STALE }),
      );
      const page = bo.page;
      await page.getByRole('radio', { name: /another server/i }).check();
      await field(page, 'Host').fill('127.0.0.1');
      await field(page, 'Port').fill(String(server.port));
      await page.getByRole('checkbox', { name: /use tls/i }).check();
      await button(page, 'Connect').click();
      const alert = page.getByRole('alert', { name: /certificate has changed/i });
      await expect(alert).toContainText(/different certificate/);
      await expect(alert).toContainText(STALE);
      await expect(alert).toContainText(fingerprint);
      await expect(field(page, 'Username')).toBeHidden();
      await button(alert, 'I compared the fingerprints: trust the new certificate').click();
      await expect(field(page, 'Username')).toBeVisible();
    });
  } finally {
    for (const server of servers) await server.dispose();
  }
});
