/**
 * The live signals of a conversation through the UI (protocol 1.2): alice and bob are browser-mode
 * copies; carol is a plain protocol client on the same server, so a third member costs no copy
 * and a long room is written in moments. Typing shows and clears (by message and by the 6 s
 * expiry), "Seen by N" names its readers, the "New messages" divider marks what came while bob was
 * elsewhere and goes once he has read on, a window nobody looks at reads nothing until it is looked
 * at, and scrolling up loads a room's older history in place.
 * Controls are found by role and name only; every wait is for a visible state.
 */
import type { Locator, Page } from '@playwright/test';
import { loggedIn, type LineClient } from '../helpers/line-client.js';
import { expectNoSeriousViolations } from './support/axe.js';
import { expect, test } from './support/fixtures.js';
import {
  button,
  connectTo,
  openBroadcast,
  openConversation,
  register,
  registerOn,
  send,
} from './support/ui.js';

async function joinFromBrowse(page: Page, room: string): Promise<Locator> {
  await button(page, 'Browse rooms').click();
  const dialog = page.getByRole('dialog', { name: /browse rooms/i });
  await button(dialog, `Join #${room}`).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { name: `#${room}` })).toBeVisible();
  return page.getByRole('log', { name: new RegExp(`room #${room}`, 'i') });
}

/** Carol's request, which must succeed. */
async function ok(client: LineClient, route: string, body: Record<string, unknown>): Promise<void> {
  const res = await client.request(route, body);
  expect(res.status, `${route} ${JSON.stringify(res.body)}`).toBe(200);
}

/** The room seq of carol's copy of the message with `text`. */
async function seqOf(client: LineClient, text: string): Promise<number> {
  const frame = await client.next((f) => f.kind === 'route' && f.route === 'message' && f.body.text === text);
  if (frame.kind !== 'route' || typeof frame.body.seq !== 'number') throw new Error('no seq');
  return frame.body.seq;
}

test('typing, Seen by and the New messages divider, in a room and a direct conversation', async ({
  parley,
}) => {
  const server = await parley.server();
  const carol = await loggedIn(server.port, 'carol');
  await ok(carol, 'roomcreate', { room: 'team' });
  const dan = await loggedIn(server.port, 'dan');
  await ok(dan, 'roomjoin', { room: 'team' });
  const alice = await parley.copy('alice');
  const bob = await parley.copy('bob');
  await registerOn(alice.page, server, 'alice');
  await connectTo(bob.page, server);
  await register(bob.page, 'bob');
  const aliceLog = await joinFromBrowse(alice.page, 'team');
  const bobLog = await joinFromBrowse(bob.page, 'team');
  await expect(aliceLog.getByText(/bob joined/i)).toBeVisible();
  const aliceTyping = alice.page.getByRole('status').filter({ hasText: /typing/ });

  await test.step('bob types: alice sees it; with carol too; bob sends and his goes', async () => {
    await bob.page.getByRole('textbox', { name: /message/i }).fill('Lunch at');
    await expect(aliceTyping).toHaveText('bob is typing…');
    await ok(carol, 'typing', { room: 'team', active: true });
    await expect(aliceTyping).toHaveText('bob and carol are typing…');
    await ok(dan, 'typing', { room: 'team', active: true });
    await expect(aliceTyping).toHaveText('Several people are typing…');
    await bob.page.getByRole('textbox', { name: /message/i }).press('Enter');
    await expect(aliceLog.getByText('Lunch at')).toBeVisible();
    await expect(aliceTyping).toHaveText('carol and dan are typing…');
    await ok(dan, 'typing', { room: 'team', active: false });
    await expect(aliceTyping).toHaveText('carol is typing…');
  });

  await test.step("carol's typing expires after the protocol's 6 s", async () => {
    await expect(alice.page.getByText(/are typing…|is typing…/)).toHaveCount(0);
  });

  await test.step('alice writes; bob has the room open and reads it; carol reads too', async () => {
    const seq = seqOf(carol, 'Noon works');
    await send(alice.page, 'Noon works');
    await expect(bobLog.getByText('Noon works')).toBeVisible();
    await expect(alice.page.getByRole('button', { name: /^seen by 1: bob$/i })).toBeVisible();
    await ok(carol, 'read', { room: 'team', upTo: await seq });
    const seen = alice.page.getByRole('button', { name: /^seen by 2: bob and carol$/i });
    await expect(seen).toBeVisible();
    await expect(seen).toHaveText('Seen by 2');
    await expect(seen).toHaveAttribute('title', 'Seen by bob and carol');
    await seen.click();
    await expect(seen).toHaveAttribute('aria-expanded', 'true');
    await expect(alice.page.getByText(/· bob and carol/)).toBeVisible();
    await expectNoSeriousViolations(alice.page, 'Seen by in a room');
  });

  await test.step('what came while bob was elsewhere is under a New messages divider', async () => {
    await openBroadcast(bob.page);
    for (const text of ['First unread', 'Second unread', 'Third unread'])
      await ok(carol, 'message', { room: 'team', text });
    const entry = bob.page.getByRole('button', { name: /room #team, 3 unread/i });
    await expect(entry).toBeVisible();
    await entry.click();
    const divider = bobLog.getByRole('separator', { name: 'New messages' });
    await expect(divider).toBeVisible();
    await expect(bobLog.getByText('Third unread')).toBeVisible();
    await expectNoSeriousViolations(bob.page, 'the New messages divider');
    // Read now: the badge went; once bob has moved on and come back the divider has too.
    await expect(bob.page.getByRole('button', { name: /room #team, \d+ unread/i })).toHaveCount(0);
    await openBroadcast(bob.page);
    await bob.page.getByRole('button', { name: /^room #team/i }).click();
    await expect(bobLog.getByText('Third unread')).toBeVisible();
    await expect(bobLog.getByRole('separator', { name: 'New messages' })).toHaveCount(0);
  });

  await test.step('a direct conversation has them too: the divider, typing cleared with the text', async () => {
    await openConversation(bob.page, 'alice');
    await send(bob.page, 'Psst, alice');
    const entry = alice.page.getByRole('button', { name: /chat with bob, 1 unread/i });
    await expect(entry).toBeVisible();
    await entry.click();
    const log = alice.page.getByRole('log', { name: /conversation with bob/i });
    await expect(log.getByRole('separator', { name: 'New messages' })).toBeVisible();
    await expect(log.getByText('Psst, alice')).toBeVisible();
    const box = bob.page.getByRole('textbox', { name: /message/i });
    await box.fill('Are you');
    await expect(aliceTyping).toHaveText('bob is typing…');
    await box.fill('');
    await expect(alice.page.getByText(/is typing…/)).toHaveCount(0);
  });

  await test.step('a window nobody looks at reads nothing; looking at it reads', async () => {
    // Playwright tells every page it has focus unless asked not to pretend; another page in front.
    const cdp = await bob.context.newCDPSession(bob.page);
    await cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const other = await bob.context.newPage();
    await other.bringToFront();
    const hasFocus = () =>
      bob.page.evaluate(() =>
        (globalThis as unknown as { document: { hasFocus(): boolean } }).document.hasFocus(),
      );
    await expect.poll(hasFocus).toBe(false);
    await send(alice.page, 'Are you there?');
    const log = alice.page.getByRole('log', { name: /conversation with bob/i });
    await expect(log.getByText(/delivered/i).last()).toBeAttached();
    await expect(bob.page.getByRole('button', { name: /chat with alice, 1 unread/i })).toBeVisible();
    await bob.page.bringToFront();
    await expect.poll(hasFocus).toBe(true);
    await expect(bob.page.getByRole('button', { name: /chat with alice, \d+ unread/i })).toHaveCount(0);
    await expect(log.getByText(/Read \d/)).toBeVisible();
  });
  carol.close();
  dan.close();
});

test('scrolling up loads older room history in place, to the beginning', async ({ parley }) => {
  const server = await parley.server();
  const carol = await loggedIn(server.port, 'carol');
  await ok(carol, 'roomcreate', { room: 'archive' });
  const COUNT = 130;
  const label = (i: number) => `archive ${String(i).padStart(3, '0')}`;
  for (let i = 1; i <= COUNT; i++) await ok(carol, 'message', { room: 'archive', text: label(i) });
  // Dark, so axe checks the list's first line in the other theme too.
  const bob = await parley.copy('bob', { colorScheme: 'dark' });
  await registerOn(bob.page, server, 'bob');
  const log = await joinFromBrowse(bob.page, 'archive');

  await test.step('the room opens at its newest, a page of history above bob’s join', async () => {
    await expect(log.getByText(/bob joined/i)).toBeVisible();
    await expect(log.getByText(label(COUNT))).toBeVisible();
    await expect(log.getByText(label(1))).toHaveCount(0);
  });

  await test.step('scrolling to the top loads the page before, keeping the place', async () => {
    // The first page (the newest 50 items) came in at the open; the one above it comes now, and
    // the oldest of the first page stays where the reader was.
    await log.hover();
    await expect(async () => {
      await bob.page.mouse.wheel(0, -20_000);
      await expect(log.getByText(label(COUNT - 50), { exact: true })).toBeAttached({ timeout: 10_000 });
    }).toPass();
    await expect(log.getByText(label(COUNT - 49), { exact: true })).toBeInViewport();
  });

  await test.step('on up to the room’s beginning', async () => {
    await expect(async () => {
      await bob.page.mouse.wheel(0, -20_000);
      await expect(log.getByText(label(1), { exact: true })).toBeInViewport({ timeout: 5000 });
    }).toPass();
    await expect(log.getByRole('status').filter({ hasText: 'Beginning of #archive' })).toBeInViewport();
    await expect(log.getByText(/carol joined/i)).toBeInViewport();
    await expectNoSeriousViolations(bob.page, 'the beginning of a room, dark');
  });
  carol.close();
});
