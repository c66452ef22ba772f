/**
 * Protocol 1.2 presence batches over TCP: a client that asks gets `[presence] {"users":[...]}` with
 * a window's changes; a login wave costs at most one presence write per online user per window.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-shared/protocol/index.js';
import type { LineClient } from '../../tests/helpers/line-client.js';
import { useServerFixture } from '../../tests/helpers/server-fixture.js';

const fx = useServerFixture();

async function logIn(name: string, presenceBatch: boolean): Promise<LineClient> {
  const client = await fx.connect();
  const password = `${name}-secret`;
  expect((await client.request('register', { username: name, password })).status).toBe(200);
  const body: JsonObject = presenceBatch
    ? { username: name, password, presenceBatch }
    : { username: name, password };
  expect((await client.request('login', body)).status).toBe(200);
  return client;
}

function changesOf(frame: JsonObject): JsonObject[] {
  return Array.isArray(frame.users) ? (frame.users as JsonObject[]) : [frame];
}

/** Reads presence pushes until every one of `users` is online as `client` sees it; returns the frames. */
async function readUntilOnline(client: LineClient, users: readonly string[]): Promise<JsonObject[]> {
  const online = new Set<string>();
  const frames: JsonObject[] = [];
  while (!users.every((user) => online.has(user))) {
    const frame = await client.push('presence');
    frames.push(frame);
    for (const change of changesOf(frame)) {
      if (change.online === true) online.add(String(change.user));
      else online.delete(String(change.user));
    }
  }
  return frames;
}

describe('presence batches (1.2)', () => {
  it('sends a login wave as at most one write per online user per window, serialised once', async () => {
    const server = await fx.start({ presenceBatchMs: 200 });
    const observers = await Promise.all(Array.from({ length: 10 }, (_, i) => logIn(`obs${i}`, true)));
    // A barrier: every observer was online before `mark`, so each hears of it; nothing is pending after.
    const mark = await logIn('mark', true);
    await Promise.all(observers.map((observer) => readUntilOnline(observer, ['mark'])));
    const before = { ...server.server.presenceStats };

    const wave = Array.from({ length: 40 }, (_, i) => `wave${i}`);
    const waveClients = await Promise.all(wave.map((name) => logIn(name, true)));
    const seen = await Promise.all(observers.map((observer) => readUntilOnline(observer, wave)));

    const after = server.server.presenceStats;
    const windows = after.windows - before.windows;
    const online = observers.length + 1 + wave.length;
    expect(windows).toBeGreaterThan(0);
    // No observer got two writes in one window, and none got a 1.1 frame.
    for (const frames of seen) {
      expect(frames.length).toBeLessThanOrEqual(windows);
      for (const frame of frames) expect(Array.isArray(frame.users)).toBe(true);
    }
    expect(after.writes - before.writes).toBeLessThanOrEqual(windows * online);
    expect(after.maxWritesPerWindow).toBeLessThanOrEqual(after.onlineAtMaxWrites);
    // One shared frame per window, plus one for each user who changed (who is not told of itself).
    expect(after.serialised - before.serialised).toBeLessThanOrEqual(windows + wave.length);
    for (const client of [...observers, mark, ...waveClients]) client.close();
  });

  it('keeps 1.1 frames, one per change, for a client that did not ask', async () => {
    await fx.start({ presenceBatchMs: 20 });
    const batched = await logIn('ann', true);
    const plain = await logIn('bob', false);
    await readUntilOnline(batched, ['bob']);
    const cat = await logIn('cat', false);
    cat.close();
    // bob may or may not hear of ann (her window may have ended before bob was online).
    expect((await readUntilOnline(plain, ['cat'])).at(-1)).toEqual({ user: 'cat', online: true });
    expect(await plain.push('presence')).toEqual({ user: 'cat', online: false });
    // The batched client ends with cat offline too, whether both changes came in one window or two.
    const frames: JsonObject[] = [await batched.push('presence')];
    while (changesOf(frames.at(-1) as JsonObject).at(-1)?.online !== false)
      frames.push(await batched.push('presence'));
    expect(frames.flatMap(changesOf).at(-1)).toEqual({ user: 'cat', online: false });
    for (const frame of frames) expect(Array.isArray(frame.users)).toBe(true);
  });

  it('tells the same users as 1.1: a block sends online:false to the blocked one only', async () => {
    await fx.start({ presenceBatchMs: 20 });
    const alice = await logIn('alice', true);
    const bob = await logIn('bob', true);
    await readUntilOnline(alice, ['bob']);
    expect((await bob.request('block', { user: 'alice' })).status).toBe(200);
    expect(await alice.push('presence')).toEqual({ users: [{ user: 'bob', online: false }] });
    const cat = await logIn('cat', true);
    expect(await alice.push('presence')).toEqual({ users: [{ user: 'cat', online: true }] });
    expect((await readUntilOnline(bob, ['cat'])).at(-1)).toEqual({ users: [{ user: 'cat', online: true }] });
    bob.close();
    // cat hears bob leave; alice, whom bob has blocked, does not.
    expect(await cat.push('presence')).toEqual({ users: [{ user: 'bob', online: false }] });
    expect(alice.takePushes('presence')).toEqual([]);
  });
});
