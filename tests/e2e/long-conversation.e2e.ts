/**
 * A conversation of 1,000 messages (delivered at login after bob sent them while alice was away)
 * opens at the first of them, under "New messages" (all are unread), and End goes to the newest; at the bottom, new messages scroll into view; scrolled to the top,
 * new messages keep the reader's place and a "new messages" control appears, which jumps to them.
 */
import { LineClient, loggedIn } from '../helpers/line-client.js';
import type { Locator } from '@playwright/test';
import { expect, test } from './support/fixtures.js';
import { connectTo, logIn, openConversation, person, PASSWORD } from './support/ui.js';

const COUNT = 1000;
const label = (i: number): string => `seed-${String(i).padStart(5, '0')}`;
const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
/** Varied lengths, some wrapping, as a real conversation has. */
const text = (i: number): string =>
  `${label(i)} ${Array.from({ length: 3 + ((i * 7919) % 30) }, (_, k) => words[(i + k) % words.length]).join(' ')}`;

/** bob sends `count` messages to alice (registered, not logged in), pipelined in batches. */
async function seed(bob: LineClient, count: number): Promise<void> {
  for (let first = 1; first <= count; first += 250) {
    const replies: Promise<unknown>[] = [];
    for (let i = first; i < first + 250 && i <= count; i++) {
      replies.push(bob.next((f) => f.kind === 'response'));
      bob.send('message', { to: 'alice', text: text(i) });
    }
    await Promise.all(replies);
  }
}

/** The first seeded message wholly inside the log's box, and where: "seed-00412 @ 118". */
async function firstVisible(log: Locator): Promise<string | undefined> {
  const frame = await log.boundingBox();
  if (frame === null) return undefined;
  for (const row of await log.getByText(/^seed-\d{5} /).all()) {
    const box = await row.boundingBox();
    if (box !== null && box.y >= frame.y) return `${(await row.innerText()).slice(0, 10)} @ ${box.y}`;
  }
  return undefined;
}

test('1,000 messages open; new ones follow at the bottom and keep the place when scrolled up', async ({
  parley,
}) => {
  const server = await parley.server();
  const registration = await LineClient.connect(server.port);
  expect((await registration.request('register', { username: 'alice', password: PASSWORD })).status).toBe(
    200,
  );
  registration.close();
  const bob = await loggedIn(server.port, 'bob');

  try {
    await seed(bob, COUNT);
    const alice = await parley.copy('alice');
    const page = alice.page;
    await connectTo(page, server);
    await logIn(page, 'alice');
    await expect(person(page, 'bob', 'online')).toBeVisible();
    // All of them in before it opens, so all are under the divider.
    await expect(
      page.getByRole('button', { name: new RegExp(`chat with bob, ${COUNT} unread`, 'i') }),
    ).toBeVisible();
    const log = await openConversation(page, 'bob');

    await test.step('it opens at the first unread message, under New messages; End goes to the newest', async () => {
      await expect(log.getByRole('separator', { name: 'New messages' })).toBeInViewport();
      await expect(log.getByText(label(1))).toBeInViewport();
      // Rows below are measured as they come into view, so the end may move once: End again then.
      await expect(async () => {
        await log.press('End');
        await expect(log.getByText(label(COUNT))).toBeInViewport({ timeout: 3000 });
      }).toPass();
    });

    await test.step('at the bottom, a new message scrolls into view', async () => {
      bob.send('message', { to: 'alice', text: 'live at the bottom' });
      await expect(log.getByText('live at the bottom')).toBeInViewport();
      await expect(page.getByRole('button', { name: /new message/i })).toHaveCount(0);
    });

    await test.step('scrolled to the top, new messages keep the place and a control appears', async () => {
      await log.evaluate((el: { scrollTop: number }) => {
        el.scrollTop = 0;
      });
      const first = log.getByText(label(1));
      await expect(first).toBeInViewport();
      // The virtual list measures the rows it just drew; wait until the first one stops moving.
      let y: number | undefined;
      await expect
        .poll(async () => {
          const before = y;
          y = (await first.boundingBox())?.y;
          return y !== undefined && y === before;
        })
        .toBe(true);
      for (const n of [1, 2, 3]) bob.send('message', { to: 'alice', text: `live while scrolled up ${n}` });

      const control = page.getByRole('button', { name: /3 new messages/i });
      await expect(control).toBeVisible();
      await expect(first).toBeInViewport();
      expect((await first.boundingBox())?.y).toBe(y);
      await expect(log.getByText('live while scrolled up 3')).not.toBeInViewport();

      await control.click();
      await expect(log.getByText('live while scrolled up 3')).toBeInViewport();
      await expect(control).toBeHidden();
    });

    await test.step('scrolled to the middle, the first visible message stays where it was', async () => {
      await log.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
        el.scrollTop = Math.floor(el.scrollHeight / 2);
      });
      let place: string | undefined;
      await expect
        .poll(async () => {
          const before = place;
          place = await firstVisible(log);
          return place !== undefined && place === before;
        })
        .toBe(true);
      expect(place).toMatch(/^seed-\d{5} @/);
      expect(place).not.toMatch(/^seed-0000[1-9] /);

      bob.send('message', { to: 'alice', text: 'live in the middle 1' });
      bob.send('message', { to: 'alice', text: 'live in the middle 2' });
      await expect(page.getByRole('button', { name: /2 new messages/i })).toBeVisible();
      expect(await firstVisible(log)).toBe(place);
    });
  } finally {
    bob.close();
  }
});
