/**
 * A checker in the spirit of Jepsen's: random interleavings of pipelined sends, acks, slow reads,
 * dropped connections and kill -9 of a real server process (restarted on the same data folder and
 * port), then a final drain. The history must show every message answered 200 seen by its
 * recipient exactly once after deduplication by seq (as a client dedupes), no seq carrying two
 * messages, and each sender's messages in the order sent. With rooms (protocol 1.2), every member
 * of the room must see every room message answered 200 exactly once after deduplication, the
 * room's seqs without a gap and in order on each connection, and nothing at or below an
 * acknowledged seq ever again.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  action,
  MEMBERS,
  RECIPIENTS,
  ROOM,
  roomAction,
  SENDERS,
  serverArgs,
  World,
  type Topology,
} from '../../tests/helpers/delivery-world.js';
import { LineClient } from '../../tests/helpers/line-client.js';
import { killAll, startServerProcess, type ServerProcess } from '../../tests/helpers/server-process.js';

/** One server process, killed with -9 and restarted on its port over its data folder. */
class OneServer implements Topology {
  readonly loginWithinMs = 2_000;
  constructor(
    readonly dataDir: string,
    public server: ServerProcess,
  ) {}

  portFor(): number {
    return this.server.port;
  }

  async fault() {
    const port = this.server.port;
    await this.server.kill9();
    const restarted = startServerProcess(serverArgs(this.dataDir, port)).then((server) => {
      this.server = server;
    });
    await restarted;
    return { closed: 'all' as const, restarted };
  }
}

const dirs: string[] = [];
afterEach(() => {
  killAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('delivery under faults (a Jepsen-style checker)', () => {
  it('loses, duplicates and reorders nothing answered 200', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 20 }), async (actions) => {
        const dataDir = mkdtempSync(join(tmpdir(), 'parley-checker-'));
        dirs.push(dataDir);
        const one = new OneServer(dataDir, await startServerProcess(serverArgs(dataDir, 0)));
        const world = new World(one);
        try {
          for (const name of [...SENDERS, ...RECIPIENTS]) {
            const c = await LineClient.connect(one.server.port);
            await c.request('register', { username: name, password: `${name}-secret` });
            c.close();
          }
          for (const a of actions) await world.run(a);
          await world.drain();
          expect(world.check()).toEqual([]);
        } finally {
          for (const client of world.clients.values()) client.close();
          await one.server.kill9();
        }
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 240_000);
});

describe('room and direct delivery under faults (protocol 1.2)', () => {
  it('every member sees every room message answered 200 once, in order, and nothing acked again', async () => {
    const mixed = fc.oneof({ weight: 2, arbitrary: action }, { weight: 2, arbitrary: roomAction });
    await fc.assert(
      fc.asyncProperty(fc.array(mixed, { minLength: 4, maxLength: 16 }), async (actions) => {
        const dataDir = mkdtempSync(join(tmpdir(), 'parley-room-checker-'));
        dirs.push(dataDir);
        const one = new OneServer(dataDir, await startServerProcess(serverArgs(dataDir, 0)));
        const world = new World(one, true);
        try {
          for (const name of MEMBERS) {
            const c = await LineClient.connect(one.server.port);
            await c.request('register', { username: name, password: `${name}-secret` });
            c.close();
          }
          const owner = await world.client(MEMBERS[0] as string);
          expect((await owner.request('roomcreate', { room: ROOM })).status).toBe(200);
          for (const name of MEMBERS.slice(1)) {
            expect((await (await world.client(name)).request('roomjoin', { room: ROOM })).status).toBe(200);
          }
          for (const a of actions) await world.run(a);
          await world.drain();
          expect([...world.check(), ...world.checkRoom()]).toEqual([]);
        } finally {
          for (const client of world.clients.values()) client.close();
          await one.server.kill9();
        }
      }),
      { numRuns: 6, endOnFailure: true },
    );
  }, 240_000);
});
