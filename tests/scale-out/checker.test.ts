/**
 * The Jepsen-style delivery checker (tests/helpers/delivery-world.ts) against a three-node cluster
 * on one Redis: every login goes to a node picked at random, and the faults are kill -9 of a node
 * (restarted on its port), kill -9 of redis-server (restarted over its AOF) and a cut of every
 * pub/sub connection. The history must still show every direct and room message answered 200 seen
 * exactly once, in order, by every recipient, and nothing at or below an acknowledged seq again.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  action,
  MEMBERS,
  ROOM,
  roomAction,
  World,
  type Action,
  type Fault,
  type Topology,
} from '../helpers/delivery-world.js';
import { LineClient } from '../helpers/line-client.js';
import { disposeAllRedis, startRedis, type RedisServer } from '../helpers/redis-server.js';
import { disposeAllNodes, startNodes, type ParleyNode } from '../helpers/server-nodes.js';
import { BOUND_MS, SLACK_MS } from './cluster.js';

/** A small seeded generator (mulberry32), so that a failing run's node choices replay with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class ThreeNodes implements Topology {
  readonly loginWithinMs = BOUND_MS + SLACK_MS;
  readonly faults: string[] = [];

  constructor(
    readonly redis: RedisServer,
    readonly nodes: ParleyNode[],
    private readonly next: () => number,
  ) {}

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  portFor(): number {
    return this.pick(this.nodes).port;
  }

  async fault(): Promise<Fault> {
    const kind = this.pick(['node', 'redis', 'pubsub'] as const);
    this.faults.push(kind);
    if (kind === 'node') {
      const node = this.pick(this.nodes);
      await node.kill9();
      const restarted = node.restart();
      return { closed: [node.port], restarted };
    }
    if (kind === 'redis') {
      await this.redis.kill9();
      return { closed: [], restarted: this.redis.restart() };
    }
    await this.redis.killPubsubClients();
    return { closed: [], restarted: Promise.resolve() };
  }
}

afterEach(async () => {
  await disposeAllNodes();
  await disposeAllRedis();
});

/** One run: a fresh Redis and three nodes, the actions with faults inserted, a drain, the check. */
async function runOnce(
  rooms: boolean,
  randomActions: Action[],
  seed: number,
  faultsAt: number[],
): Promise<void> {
  // Besides the arbitrary's own faults, two or three more at chosen points of every run.
  const actions = [...randomActions];
  for (const at of faultsAt) actions.splice(Math.min(at, actions.length), 0, { t: 'kill' });
  const redis = await startRedis();
  const nodes = await startNodes(redis.url, 3);
  const topology = new ThreeNodes(redis, nodes, random(seed));
  const world = new World(topology, rooms);
  try {
    for (const name of MEMBERS) {
      const c = await LineClient.connect(topology.portFor());
      await c.request('register', { username: name, password: `${name}-secret` });
      c.close();
    }
    if (rooms) {
      const owner = await world.client(MEMBERS[0] as string);
      expect((await owner.request('roomcreate', { room: ROOM })).status).toBe(200);
      for (const name of MEMBERS.slice(1)) {
        expect((await (await world.client(name)).request('roomjoin', { room: ROOM })).status).toBe(200);
      }
    }
    for (const a of actions) await world.run(a);
    await world.drain();
    const problems = rooms ? [...world.check(), ...world.checkRoom()] : world.check();
    expect({ faults: topology.faults, problems }).toEqual({ faults: topology.faults, problems: [] });
  } finally {
    for (const client of world.clients.values()) client.close();
    await disposeAllNodes();
    await disposeAllRedis();
  }
}

const faultPoints = fc.array(fc.nat(16), { minLength: 2, maxLength: 3 });

describe('delivery under faults on three nodes (Jepsen-style)', () => {
  it('loses, duplicates and reorders no direct message answered 200', async ({ skip }) => {
    skip(
      'known failing: after a node kill and pub/sub kills, DMs answered 200 were not seen (seed -2013797726, path 0); a loss or an early drain, not yet told apart (issue 15, left)',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(action, { minLength: 6, maxLength: 16 }),
        fc.integer(),
        faultPoints,
        (a, s, f) => runOnce(false, a, s, f),
      ),
      { numRuns: 3, endOnFailure: true },
    );
  }, 480_000);

  it('and the same with room messages among them (protocol 1.2)', async ({ skip }) => {
    skip('rooms are not shared through Redis yet: with --redis, room routes answer 503 (issue 15)');
    const mixed = fc.oneof({ weight: 3, arbitrary: action }, { weight: 1, arbitrary: roomAction });
    await fc.assert(
      fc.asyncProperty(
        fc.array(mixed, { minLength: 6, maxLength: 16 }),
        fc.integer(),
        faultPoints,
        (a, s, f) => runOnce(true, a, s, f),
      ),
      { numRuns: 2, endOnFailure: true },
    );
  }, 480_000);
});
