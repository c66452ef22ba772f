/**
 * Files in an encrypted private chat, in browser mode: the paperclip asks for a path on this
 * computer, the peer sees an offer card and accepts, a progress bar runs, the file arrives with
 * the same hash, and "Show in folder" gives the path. Controls found by role and name only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/fixtures.js';
import {
  button,
  conversationLog,
  openSettings,
  personMenu,
  registerOn,
  requestDialog,
} from './support/ui.js';

test('a file sent in a private chat arrives whole: Settings → Files, the path field, an offer card, Show in folder', async ({
  parley,
}) => {
  const root = mkdtempSync(join(tmpdir(), 'parley-e2e-files-'));
  try {
    const downloads = join(root, 'bob-downloads');
    const server = await parley.server();
    const alice = await parley.copy('alice');
    const bob = await parley.copy('bob');
    for (const copy of [alice, bob]) await registerOn(copy.page, server, copy.name);

    // bob chooses where received files go, in Settings → Files.
    const settings = await openSettings(bob.page);
    const section = settings.getByRole('region', { name: 'Files' });
    await section.getByRole('textbox', { name: 'Downloads folder' }).fill(downloads);
    await button(section, 'Save file settings').click();
    await expect(section.getByText('Saved. The next file you accept follows these settings.')).toBeVisible();
    await bob.page.keyboard.press('Escape');

    await personMenu(alice.page, 'bob', 'Start private chat');
    await button(requestDialog(bob.page, 'alice'), 'Accept').click();
    await expect(conversationLog(alice.page, 'Private chat with bob')).toBeVisible();
    await expect(conversationLog(bob.page, 'Private chat with alice')).toBeVisible();

    const content = randomBytes(8 * 1024 * 1024);
    const path = join(root, 'holiday <b>photos.zip');
    writeFileSync(path, content);

    await button(alice.page, 'Send a file').click();
    const form = alice.page.getByRole('form', { name: 'Send a file' });
    await form.getByRole('textbox', { name: 'Path of the file on this computer' }).fill(path);
    await button(form, 'Send file').click();
    await expect(alice.page.getByText('Waiting for bob to accept…')).toBeVisible();

    // The receiver's name: no markup, and no characters a file system forbids.
    const name = 'holiday _b_photos.zip';
    const card = bob.page.getByRole('listitem', { name: `File ${name}` });
    await expect(card.getByText(`alice offers ${name}`)).toBeVisible();
    await expect(card.getByText('8.0 MiB')).toBeVisible();
    await expectNoSeriousViolations(bob.page, 'file offer card');
    await button(card, `Accept ${name}`).click();

    await expect(card.getByText('Received.')).toBeVisible({ timeout: 60_000 });
    await expect(alice.page.getByText('bob received it.')).toBeVisible();
    await button(card, `Show ${name} in folder`).click();
    const saved = join(downloads, name);
    await expect(card.getByText(`Saved as ${saved}`)).toBeVisible();
    expect(createHash('sha256').update(readFileSync(saved)).digest('hex')).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
    await expectNoSeriousViolations(alice.page, 'file sent');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
