/**
 * Scenario 10: room history. A real Parley server's data folder gets a room of 1,000,000 items
 * and 10 rooms of 10,000 items (written straight through the server's own store, in one
 * transaction, with the server stopped: building them over the wire would measure the seeding).
 * Then, with the server started again on that folder:
 *   - catch-up: alice, a member of the 10 rooms since before their items, logs in and acks each
 *     room per read (as the client core does) until every item of every room is acknowledged;
 *   - history: bob pages `[history]` of 50 from the big room at random positions, one at a time.
 * --quick: 100,000 items and 10 × 1,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatStore } from '../../src-main/store/chat-store.js';
import type { RoomItem } from '../../src-main/store/rooms.js';
import { loginFrame, nextResponse, registerAndLogin } from '../adapters/parley.js';
import { LineConn } from '../generator/line-conn.js';
import { loadFlags } from '../targets/parley.js';
import type { RunningTarget } from '../targets/target.js';
import { errorNote, fmt, PASSWORD, type Context, type Row, type ScenarioResult } from './scenario.js';

const BIG = 'big';
const SMALL = Array.from({ length: 10 }, (_, i) => `c${i}`);
const PAGE = 50;
const CATCH_UP_GOAL_MS = 2000;
const PAGE_GOAL_MS = 5;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function text(seq: number): string {
  return `history item ${seq} lorem ipsum dolor sit amet, consectetur adipiscing elit`;
}

async function request(conn: LineConn, frame: string, what: string): Promise<string> {
  conn.write(frame);
  const reply = await nextResponse(conn, 60_000, what);
  if (!reply.startsWith('[200]')) throw new Error(`${what}: ${reply}`);
  return reply;
}

/** Over the wire: bob creates the rooms, alice joins the small ones. */
async function makeRooms(target: RunningTarget): Promise<void> {
  const bob = await LineConn.open(target.host, target.port);
  const alice = await LineConn.open(target.host, target.port);
  try {
    await registerAndLogin(bob, 'bob', PASSWORD);
    await registerAndLogin(alice, 'alice', PASSWORD);
    for (const room of [BIG, ...SMALL])
      await request(bob, `[roomcreate] {"room":"${room}"}\n`, `create ${room}`);
    for (const room of SMALL) await request(alice, `[roomjoin] {"room":"${room}"}\n`, `join ${room}`);
  } finally {
    bob.close();
    alice.close();
  }
}

/** With the server stopped: appends the items in one transaction; bob's cursor moves past them all. */
function seedItems(file: string, big: number, small: number): Record<string, number> {
  const store = ChatStore.open(file);
  const last: Record<string, number> = {};
  try {
    const ts = Date.now();
    store.transaction(() => {
      for (const room of store.rooms.loadRooms()) {
        const count = room.name === BIG ? big : small;
        for (let k = 1; k <= count; k++) {
          const seq = room.lastSeq + k;
          const item: RoomItem = {
            room: room.name,
            seq,
            type: 'message',
            id: `seed-${room.name}.${seq.toString(36)}`,
            from: 'bob',
            ts: ts + seq,
            text: text(seq),
            extra: null,
            deleted: false,
          };
          store.rooms.append(item);
        }
        last[room.name] = room.lastSeq + count;
        store.rooms.putRoom({ ...room, lastSeq: room.lastSeq + count });
      }
      for (const member of store.rooms.loadMembers()) {
        if (member.user === 'bob') store.rooms.putMember({ ...member, cursor: last[member.room]! });
      }
    });
  } finally {
    store.close();
  }
  return last;
}

interface CatchUp {
  readonly ms: number;
  readonly items: number;
  readonly gaps: number;
  readonly acks: number;
}

/** alice logs in and acks per room per read until every room's last item is acknowledged. */
async function catchUp(target: RunningTarget, last: Record<string, number>): Promise<CatchUp> {
  const conn = await LineConn.open(target.host, target.port);
  const highest = new Map<string, number>(SMALL.map((r) => [r, 0]));
  const acked = new Map<string, number>(SMALL.map((r) => [r, 0]));
  const confirmed = new Map<string, number>(SMALL.map((r) => [r, 0]));
  const waiting: [string, number][] = [];
  let loggedIn = false;
  let items = 0;
  let gaps = 0;
  let acks = 0;
  let failure: string | undefined;
  try {
    return await new Promise<CatchUp>((resolve, reject) => {
      const t0 = performance.now();
      const timer = setTimeout(() => reject(new Error('catch-up did not finish within 5 min')), 300_000);
      const done = (): boolean => SMALL.every((r) => confirmed.get(r)! >= last[r]!);
      conn.stream((buf, start, end) => {
        if (buf[start + 1] !== 0x6d && (buf[start + 1]! < 0x30 || buf[start + 1]! > 0x39)) return; // not [message]/[member] nor a response
        const line = buf.toString('utf8', start, end);
        if (line.startsWith('[m')) {
          const body = JSON.parse(line.slice(line.indexOf(' ') + 1)) as { room?: string; seq?: number };
          if (body.room === undefined || body.seq === undefined || !highest.has(body.room)) return;
          const before = highest.get(body.room)!;
          if (before !== 0 && body.seq !== before + 1) gaps++;
          if (body.seq > before) highest.set(body.room, body.seq);
          if (line.startsWith('[message]')) items++;
          return;
        }
        if (!loggedIn) {
          loggedIn = true;
          if (!line.startsWith('[200]')) failure = `login: ${line}`;
          return;
        }
        const ack = waiting.shift();
        if (ack === undefined) return;
        if (!line.startsWith('[200]')) failure = `ack ${ack[0]} ${ack[1]}: ${line}`;
        confirmed.set(ack[0], ack[1]);
      });
      conn.onChunkEnd = (): void => {
        if (failure !== undefined) {
          clearTimeout(timer);
          reject(new Error(failure));
          return;
        }
        let out = '';
        for (const [room, seq] of highest) {
          if (seq > acked.get(room)!) {
            acked.set(room, seq);
            waiting.push([room, seq]);
            acks++;
            out += `[ack] {"room":"${room}","seq":${seq}}\n`;
          }
        }
        if (out !== '') conn.write(out);
        if (done()) {
          clearTimeout(timer);
          resolve({ ms: performance.now() - t0, items, gaps, acks });
        }
      };
      conn.write(loginFrame('alice', PASSWORD));
    });
  } finally {
    conn.close();
  }
}

interface Paging {
  readonly samplesMs: number[];
  readonly bad: number;
}

/** bob asks for `pages` pages of 50 before random seqs of the big room, one at a time. */
async function pageHistory(target: RunningTarget, lastSeq: number, pages: number): Promise<Paging> {
  const conn = await LineConn.open(target.host, target.port);
  try {
    conn.write(loginFrame('bob', PASSWORD));
    const login = await nextResponse(conn, 60_000, 'login bob');
    if (!login.startsWith('[200]')) throw new Error(`login bob: ${login}`);
    const samplesMs: number[] = [];
    let bad = 0;
    for (let i = 0; i < pages; i++) {
      const before = PAGE + 2 + Math.floor(Math.random() * (lastSeq - PAGE - 1));
      const t0 = performance.now();
      conn.write(`[history] {"room":"${BIG}","before":${before},"limit":${PAGE}}\n`);
      const reply = await nextResponse(conn, 60_000, 'a history page');
      samplesMs.push(performance.now() - t0);
      const body = reply.startsWith('[200]')
        ? (JSON.parse(reply.slice(6)) as { items: { seq: number }[] })
        : { items: [] };
      const seqs = body.items.map((item) => item.seq);
      if (seqs.length !== PAGE || seqs[0] !== before - PAGE || seqs[PAGE - 1] !== before - 1) bad++;
    }
    return { samplesMs, bad };
  } finally {
    conn.close();
  }
}

export async function roomHistory(ctx: Context): Promise<ScenarioResult> {
  const big = ctx.quick ? 100_000 : 1_000_000;
  const small = ctx.quick ? 1_000 : 10_000;
  const pages = ctx.quick ? 300 : 2000;
  const base = { id: 10, title: `Room history: ${fmt(big)} items, catch-up of 10 × ${fmt(small)}` };
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-history-'));
  const flags = [...loadFlags, '--history-per-minute', '0'];
  try {
    await ctx.withTarget('parley', { flags, dataDir }, makeRooms);
    ctx.log(`  seeding ${fmt(big)} + 10 × ${fmt(small)} room items in one transaction`);
    const s0 = performance.now();
    const last = seedItems(join(dataDir, 'parley.sqlite'), big, small);
    const seedSeconds = (performance.now() - s0) / 1000;
    ctx.log(`  seeded in ${seedSeconds.toFixed(1)} s`);
    const { up, paging } = await ctx.withTarget('parley', { flags, dataDir }, async (target) => {
      const up = await catchUp(target, last);
      const paging = await pageHistory(target, last[BIG]!, pages);
      return { up, paging };
    });
    const sorted = [...paging.samplesMs].sort((a, b) => a - b);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const row = (label: string, metric: string, unit: string, value: number): Row => ({
      label,
      metric,
      unit,
      higherIsBetter: false,
      cells: { parley: { value } },
    });
    const catchLabel = `10 rooms × ${fmt(small)}`;
    const pageLabel = `${fmt(big)}-item room`;
    const expected = small * 10;
    return {
      ...base,
      rows: [
        row(pageLabel, `[history] page of ${PAGE}: p50 ms`, 'ms', p50),
        row(pageLabel, `[history] page of ${PAGE}: p99 ms`, 'ms', p99),
        row(pageLabel, `[history] page of ${PAGE}: max ms`, 'ms', sorted[sorted.length - 1] ?? NaN),
        row(catchLabel, 'login to every item acked, ms', 'ms', up.ms),
      ],
      goals: [
        {
          description: `S10 [history] pages of ${PAGE} from a ${fmt(big)}-item room: p99 < ${PAGE_GOAL_MS} ms`,
          measured: `${fmt(p99, 2)} ms (${fmt(pages)} pages, ${paging.bad} wrong)`,
          met: p99 < PAGE_GOAL_MS && paging.bad === 0,
        },
        {
          description: `S10 login catches up ${catchLabel} items, acknowledged, in < ${CATCH_UP_GOAL_MS / 1000} s`,
          measured: `${fmt(up.ms)} ms`,
          met: up.ms < CATCH_UP_GOAL_MS,
        },
        {
          description: 'S10 catch-up: every room item once, in seq order, no gap',
          measured: `${fmt(up.items)} of ${fmt(expected)} messages, ${up.gaps} gaps`,
          met: up.items === expected && up.gaps === 0,
        },
      ],
      raw: { big, small, pages, seedSeconds, catchUp: up, pagingMs: { p50, p99 }, wrongPages: paging.bad },
      notes: [
        `seeded through the server's store in one transaction in ${seedSeconds.toFixed(1)} s (server stopped)`,
        `catch-up: ${fmt(up.acks)} room acks (one per room per read)`,
      ],
    };
  } catch (error) {
    return { ...base, rows: [], goals: [], raw: {}, notes: [errorNote(error)] };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
