/**
 * Room items are stored before their 200: kill -9 of a real server process right after the answers
 * loses none of them, and the room's seqs go on above them after the restart.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/protocol/index.js';
import { loggedIn } from '../../tests/helpers/line-client.js';
import { killAll, startServerProcess } from '../../tests/helpers/server-process.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const dirs: string[] = [];
afterEach(() => {
  killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function serverArgs(dataDir: string, port: number): string[] {
  return ['--port', String(port), '--data', dataDir, '--password-cost', 'fast', '--rate-limit', '0'];
}

describe('room items survive kill -9', () => {
  it('keeps every room change answered 200 right before the kill, and never reuses a seq', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-room-kill-'));
    dirs.push(dataDir);
    const first = await startServerProcess(serverArgs(dataDir, 0));
    const ann = await loggedIn(first.port, 'ann');
    const bob = await loggedIn(first.port, 'bob');
    expect((await ann.request('roomcreate', { room: 'r', private: true, topic: 'before' })).status).toBe(200);
    expect((await ann.request('roominvite', { room: 'r', user: 'bob' })).status).toBe(200);
    expect((await bob.request('roomjoin', { room: 'r' })).status).toBe(200);
    bob.close();
    const sends = Array.from({ length: 100 }, (_, i) => ann.request('message', { room: 'r', text: `m${i}` }));
    const answers = await Promise.all(sends);
    const topic = await ann.request('roomtopic', { room: 'r', topic: 'after' });
    await first.kill9(); // at once after the last 200
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(topic.status).toBe(200);
    const lastSeq = (answers.at(-1)?.body as { seq: number }).seq;
    expect(lastSeq).toBe(102);

    const second = await startServerProcess(serverArgs(dataDir, first.port));
    const back = await loggedIn(second.port, 'bob', { register: false });
    const texts: string[] = [];
    while (texts.length < 100) {
      const frame = await back.next((f) => f.kind === 'route' && f.route === 'message');
      if (frame.kind === 'route') texts.push(String(frame.body.text));
    }
    expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `m${i}`));
    const listed = (await back.request('rooms')).body as { rooms: JsonObject[] };
    expect(listed.rooms).toEqual([
      { room: 'r', private: true, topic: 'after', owner: 'ann', members: 2, joined: true, invited: false },
    ]);
    const next = await back.request('message', { room: 'r', text: 'next' });
    expect(next.body).toMatchObject({ seq: lastSeq + 2 });
    back.close();
    ann.close();
    await second.kill9();
  }, 60_000);
});

const fx = useServerFixture();

describe('history paging (property)', () => {
  it('returns each visible item exactly once and never an invisible one', async () => {
    await fx.start();
    const ann = await fx.user('ann');
    const bob = await fx.user('bob');
    await ann.request('roomcreate', { room: 'p', private: true });
    // Items 2..41 before bob's join, 42 is his join, 43..82 after.
    for (let i = 0; i < 40; i++) await ann.request('message', { room: 'p', text: `early ${i}` });
    await ann.request('roominvite', { room: 'p', user: 'bob' });
    await bob.request('roomjoin', { room: 'p' });
    for (let i = 0; i < 40; i++) await ann.request('message', { room: 'p', text: `late ${i}` });
    await ann.request('roomcreate', { room: 'o' });
    for (let i = 0; i < 30; i++) await ann.request('message', { room: 'o', text: `open ${i}` });
    await bob.request('roomjoin', { room: 'o' });

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('p', 'o'),
        fc.integer({ min: 1, max: 200 }),
        fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        async (room, limit, start) => {
          const visibleFrom = room === 'p' ? 42 : 1;
          const latest = room === 'p' ? 82 : 32;
          const seqs: number[] = [];
          let before = start;
          for (let pages = 0; pages < 200; pages++) {
            const body: JsonObject = { room, limit };
            if (before !== undefined) body.before = before;
            const res = await bob.request('history', body);
            expect(res.status).toBe(200);
            const page = res.body as { items: { seq: number }[]; more: boolean };
            const pageSeqs = page.items.map((item) => item.seq);
            expect(pageSeqs).toEqual([...pageSeqs].sort((a, b) => a - b));
            seqs.unshift(...pageSeqs);
            if (!page.more) break;
            before = pageSeqs[0];
          }
          const top = Math.min(latest, (start ?? Infinity) - 1);
          const expected = [];
          for (let seq = visibleFrom; seq <= top; seq++) expected.push(seq);
          expect(seqs).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
