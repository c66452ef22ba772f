/**
 * Scenario 8: the renderer. In Debian's Chromium through browser mode, alice opens a conversation
 * of 10,000 messages (bob sent them while she was away: a real server stores them, her copy saves
 * them in its local history at login). Reported: the time from the click to the painted list over
 * several opens (median; goal < 100 ms), the frames dropped while scrolling it from top to bottom
 * (rAF deltas > 1.5 × 16.7 ms), and the renderer's JS heap. Skipped by --quick (it builds the
 * renderer and drives a browser: `npm run bench -- --only 8`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { LineClient, loggedIn } from '../../tests/helpers/line-client.js';
import { startTestServer, type TestServer } from '../../tests/helpers/test-server.js';
import { chromiumLaunchOptions, CHROMIUM_PATH } from '../../tests/e2e/support/chromium.js';
import { openCopyPage } from '../../tests/e2e/support/fixtures.js';
import { jsHeapUsed, scrollFrames, timeClickToPaint } from '../../tests/e2e/support/render-timing.js';
import { connectTo, logIn, openBroadcast, PASSWORD } from '../../tests/e2e/support/ui.js';
import { launchWebCopy, NOT_HOSTING, ROOT, type WebCopy } from '../../tests/e2e/support/web-copy.js';
import { errorNote, fmt, type Context, type Row, type ScenarioResult } from './scenario.js';

const MESSAGES = 10_000;
/** The room variant: a room of 10,000 messages, every 10th edited, every 5th with a reaction. */
const ROOM = 'lounge';
const EDIT_EVERY = 10;
const REACT_EVERY = 5;
const OPENS = 9;
const GOAL_MS = 100;

const label = (i: number): string => `seed-${String(i).padStart(5, '0')}`;
const roomLabel = (i: number): string => `lounge-${String(i).padStart(5, '0')}`;

/** Varied lengths, some wrapping over several lines, as a real conversation has. */
function text(i: number, mark = label): string {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
  const count = 3 + ((i * 7919) % 40);
  return `${mark(i)} ${Array.from({ length: count }, (_, k) => words[(i + k) % words.length]).join(' ')}`;
}

/** Bob sends alice (registered, offline) `count` messages, pipelined in batches. */
async function seed(server: TestServer, count: number): Promise<void> {
  const alice = await LineClient.connect(server.port);
  const reg = await alice.request('register', { username: 'alice', password: PASSWORD });
  if (reg.status !== 200) throw new Error(`register alice: ${reg.status}`);
  alice.close();
  const bob = await loggedIn(server.port, 'bob');
  try {
    for (let first = 1; first <= count; first += 500) {
      const replies: Promise<unknown>[] = [];
      for (let i = first; i < first + 500 && i <= count; i++) {
        replies.push(bob.next((f) => f.kind === 'response'));
        bob.send('message', { to: 'alice', text: text(i) });
      }
      await Promise.all(replies);
    }
  } finally {
    bob.close();
  }
}

/**
 * Alice joins the room bob created, goes away; bob posts `count` room messages, edits every 10th
 * and reacts to every 5th, so alice's login catches up messages and relations together.
 */
async function seedRoom(server: TestServer, count: number): Promise<void> {
  const bob = await loggedIn(server.port, 'bob');
  try {
    const created = await bob.request('roomcreate', { room: ROOM });
    if (created.status !== 200) throw new Error(`roomcreate: ${created.status}`);
    const alice = await loggedIn(server.port, 'alice', { register: false, password: PASSWORD });
    const joined = await alice.request('roomjoin', { room: ROOM });
    alice.close();
    if (joined.status !== 200) throw new Error(`roomjoin: ${joined.status}`);
    for (let first = 1; first <= count; first += 500) {
      const replies: Promise<{ kind: string; body?: unknown }>[] = [];
      for (let i = first; i < first + 500 && i <= count; i++) {
        replies.push(bob.next((f) => f.kind === 'response'));
        bob.send('message', { room: ROOM, text: text(i, roomLabel) });
      }
      const ids = (await Promise.all(replies)).map((f) => (f.body as { id?: string } | undefined)?.id);
      const relations: Promise<unknown>[] = [];
      ids.forEach((id, k) => {
        const i = first + k;
        if (id === undefined || i === count) return; // the newest message stays as sent: it is the marker
        if (i % EDIT_EVERY === 0) {
          relations.push(bob.next((f) => f.kind === 'response'));
          bob.send('edit', { room: ROOM, id, text: `${text(i, roomLabel)} (edited)` });
        }
        if (i % REACT_EVERY === 0) {
          relations.push(bob.next((f) => f.kind === 'response'));
          bob.send('react', { room: ROOM, id, emoji: '👍', on: true });
        }
      });
      await Promise.all(relations);
    }
  } finally {
    bob.close();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function rendererBench(ctx: Context): Promise<ScenarioResult> {
  const base = { id: 8, title: 'Renderer: a 10,000-message conversation and a 10,000-item room' };
  if (ctx.quick) {
    return {
      ...base,
      rows: [],
      goals: [],
      raw: { skipped: true },
      notes: ['skipped in --quick: it builds the renderer and drives Chromium (npm run bench -- --only 8)'],
    };
  }
  if (!existsSync(CHROMIUM_PATH)) {
    return { ...base, rows: [], goals: [], raw: { skipped: true }, notes: [`skipped: no ${CHROMIUM_PATH}`] };
  }
  let server: TestServer | undefined;
  let web: WebCopy | undefined;
  let browser: Browser | undefined;
  try {
    ctx.log('  building the renderer (npm run build:web)');
    execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    server = await startTestServer();
    ctx.log(`  seeding ${fmt(MESSAGES)} offline messages`);
    const seeding = performance.now();
    await seed(server, MESSAGES);
    await seedRoom(server, MESSAGES);
    ctx.log(`  seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    web = await launchWebCopy({ name: 'alice', settings: NOT_HOSTING });
    browser = await chromium.launch(chromiumLaunchOptions());
    const context = await browser.newContext({ viewport: { width: 1200, height: 760 } });
    const page = await openCopyPage(context, web);
    page.setDefaultTimeout(120_000);

    const t0 = performance.now();
    await connectTo(page, server);
    await logIn(page, 'alice');
    // Every message saved: bob's conversation entry previews the newest one.
    const entry = page
      .getByRole('navigation', { name: /conversations/i })
      .getByRole('button', { name: /\bbob\b/ });
    await entry.filter({ hasText: label(MESSAGES) }).waitFor({ timeout: 600_000 });
    const loginToAllSaved = performance.now() - t0;
    ctx.log(`  all ${fmt(MESSAGES)} received in ${(loginToAllSaved / 1000).toFixed(1)} s; opening ${OPENS}×`);

    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await openBroadcast(page);
      opens.push(await timeClickToPaint(page, entry, label(MESSAGES)));
    }
    const heapOpen = await jsHeapUsed(page);
    const scroll = await scrollFrames(page, label(MESSAGES));
    const heapScrolled = await jsHeapUsed(page);
    const medianMs = median(opens);

    // The room variant: the same opens of a room whose catch-up brought messages, edits and reactions.
    const roomEntry = page.getByRole('button', { name: new RegExp(`room #${ROOM}`, 'i') });
    await roomEntry.waitFor({ timeout: 600_000 });
    const roomOpens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      await openBroadcast(page);
      roomOpens.push(await timeClickToPaint(page, roomEntry, roomLabel(MESSAGES)));
    }
    const roomMedianMs = median(roomOpens);
    const roomRow = (metric: string, value: number): Row => ({
      label: `room of ${fmt(MESSAGES)} (edits, reactions)`,
      metric,
      unit: 'ms',
      higherIsBetter: false,
      cells: { parley: { value } },
    });

    const row = (metric: string, unit: string, value: number): Row => ({
      label: `${fmt(MESSAGES)} msgs`,
      metric,
      unit,
      higherIsBetter: false,
      cells: { parley: { value } },
    });
    return {
      ...base,
      rows: [
        row('open: click to painted, median ms', 'ms', medianMs),
        row('open: first (loads history) ms', 'ms', opens[0]!),
        row('open: slowest ms', 'ms', Math.max(...opens)),
        row('scroll top→bottom: frames dropped', 'frames', scroll.dropped),
        row('scroll top→bottom: worst frame ms', 'ms', scroll.worstMs),
        row('renderer JS heap after opens', 'B', heapOpen),
        row('renderer JS heap after scroll', 'B', heapScrolled),
        roomRow('open: click to painted, median ms', roomMedianMs),
        roomRow('open: first (may wait for catch-up) ms', roomOpens[0]!),
        roomRow('open: slowest ms', Math.max(...roomOpens)),
      ],
      goals: [
        {
          description: `S8 a ${fmt(MESSAGES)}-message conversation opens in < ${GOAL_MS} ms (median of ${OPENS})`,
          measured: `${fmt(medianMs, 1)} ms`,
          met: medianMs < GOAL_MS,
        },
        {
          description: `S8 a ${fmt(MESSAGES)}-item room with edits and reactions opens in < ${GOAL_MS} ms (median of ${OPENS})`,
          measured: `${fmt(roomMedianMs, 1)} ms`,
          met: roomMedianMs < GOAL_MS,
        },
      ],
      raw: { opens, roomOpens, scroll, heapOpen, heapScrolled, loginToAllSavedMs: loginToAllSaved },
      notes: [
        `opens (ms): ${opens.map((o) => o.toFixed(1)).join(', ')}`,
        `room opens (ms): ${roomOpens.map((o) => o.toFixed(1)).join(', ')}; every ${EDIT_EVERY}th message edited, every ${REACT_EVERY}th reacted to`,
        `scroll: ${fmt(scroll.frames)} frames over ${fmt(scroll.scrolledPx)} px, ${fmt(scroll.dropped)} dropped (> 25 ms)`,
        `headless ${browser.version()}, 1200×760; login to all ${fmt(MESSAGES)} saved: ${(loginToAllSaved / 1000).toFixed(1)} s`,
      ],
    };
  } catch (error) {
    return { ...base, rows: [], goals: [], raw: {}, notes: [errorNote(error)] };
  } finally {
    await browser?.close();
    await web?.dispose();
    await server?.dispose();
  }
}
