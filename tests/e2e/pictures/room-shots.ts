/**
 * The README's room pictures: #design with a topic, three members talking, a mention of alice
 * marked, and then its members panel. Driven through the UI by role and name, as the e2e specs.
 */
import type { Page } from '@playwright/test';
import { button, field, send } from '../support/ui.js';

async function join(page: Page, room: string): Promise<void> {
  await button(page, 'Browse rooms').click();
  const dialog = page.getByRole('dialog', { name: /browse rooms/i });
  await button(dialog, `Join #${room}`).click();
  await dialog.waitFor({ state: 'hidden' });
}

export async function shootRoom(
  pages: { alice: Page; bob: Page; carol: Page },
  shoot: (page: Page, name: string) => Promise<void>,
): Promise<void> {
  const { alice, bob, carol } = pages;
  await button(alice, 'Create room').click();
  const dialog = alice.getByRole('dialog', { name: /create a room/i });
  await field(dialog, 'Room name').fill('design');
  await dialog.getByRole('radio', { name: /public/i }).check();
  await field(dialog, 'Topic').fill('Mockups, reviews and the style guide');
  await button(dialog, 'Create').click();
  await dialog.waitFor({ state: 'hidden' });
  await join(bob, 'design');
  await join(carol, 'design');

  await send(alice, 'The new sidebar mockups are in the shared folder.');
  await send(bob, 'Looks good. The mention badge reads well in the dark theme too.');
  await send(carol, '@alice can we review the room header before Friday?');
  await send(alice, 'Sure, Thursday at 10 works for me.');
  const log = alice.getByRole('log', { name: 'Room #design' });
  await log.getByText('Sure, Thursday at 10 works for me.').waitFor();
  await shoot(alice, 'room');

  await alice.getByRole('button', { name: /^Members/ }).click();
  await alice
    .getByRole('list', { name: 'Members of #design' })
    .getByRole('listitem', { name: /^carol, online/ })
    .waitFor();
  await shoot(alice, 'room-members');
  await alice.getByRole('button', { name: /^Members/ }).click();
}
