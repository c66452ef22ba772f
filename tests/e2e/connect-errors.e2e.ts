/**
 * First run against another server that is not there: a port where nothing listens (refused) and
 * a port where something that is not Parley answers with garbage, and one where something accepts
 * and never answers. Each gets a plain sentence on
 * the connect screen (no error code), and the user corrects the port and connects.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { expect, test } from './support/fixtures.js';
import { freePort } from './support/web-copy.js';
import { button, field } from './support/ui.js';

/**
 * A plain TCP server that is not Parley: it answers every connection with `greeting`, or with
 * nothing at all (it accepts and stays silent).
 */
async function notParley(greeting: string | undefined): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    if (greeting !== undefined) socket.write(greeting);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, port: address.port };
}

/** A sentence for people: words and a full stop, not `ECONNREFUSED` or a bare status number. */
const ERROR_CODE = /\bE[A-Z]{3,}\b|\b(status|code|errno)\b\s*:?\s*-?\d+/i;

test('a refused port, a non-Parley port and a silent one each get a plain sentence; the corrected port connects', async ({
  parley,
}) => {
  const server = await parley.server();
  const stranger = await notParley('SSH-2.0-OpenSSH_9.2p1 Debian\r\nthis is not a chat server\r\n');
  const silent = await notParley(undefined);
  const alice = await parley.copy('alice');
  const page = alice.page;
  const alert = page.getByRole('alert');

  try {
    await page.getByRole('radio', { name: /another server/i }).check();
    await field(page, 'Host').fill('127.0.0.1');

    await test.step('nothing listens on the port: a sentence, no code, still on the connect screen', async () => {
      await field(page, 'Port').fill(String(await freePort()));
      await button(page, 'Connect').click();
      await expect(alert).toContainText(/refused|nothing|not running|no server|isn.t running/i);
      const text = (await alert.innerText()).trim();
      expect(text).toMatch(/[a-z]{3,} [a-z]{2,}.*[.!]$/is);
      expect(text).not.toMatch(ERROR_CODE);
      await expect(field(page, 'Username')).toBeHidden();
      await expect(button(page, 'Connect')).toBeEnabled();
    });

    await test.step('something that is not Parley answers: a sentence, no code', async () => {
      await field(page, 'Port').fill(String(stranger.port));
      await button(page, 'Connect').click();
      // A new sentence, not the refused one left over.
      await expect(alert).toContainText(/not a parley server/i);
      await expect(button(page, 'Connect')).toBeEnabled();
      const text = (await alert.innerText()).trim();
      expect(text).toMatch(/[a-z]{3,} [a-z]{2,}.*[.!]$/is);
      expect(text).not.toMatch(ERROR_CODE);
      await expect(field(page, 'Username')).toBeHidden();
    });

    await test.step('something accepts but never answers: a sentence once the app gives up', async () => {
      await field(page, 'Port').fill(String(silent.port));
      await button(page, 'Connect').click();
      await expect(alert).toContainText(/did not answer|didn.t answer|no answer/i);
      await expect(button(page, 'Connect')).toBeEnabled();
      const text = (await alert.innerText()).trim();
      expect(text).toMatch(/[a-z]{3,} [a-z]{2,}.*[.!]$/is);
      expect(text).not.toMatch(ERROR_CODE);
      await expect(field(page, 'Username')).toBeHidden();
    });

    await test.step('the user corrects the port and connects', async () => {
      await field(page, 'Port').fill(String(server.port));
      await button(page, 'Connect').click();
      await expect(field(page, 'Username')).toBeVisible();
      await expect(alert).toHaveCount(0);
    });
  } finally {
    stranger.server.close();
    silent.server.close();
  }
});
