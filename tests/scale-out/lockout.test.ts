/**
 * Failure case 2 of scale-out: the lockout counts over the whole service. Three wrong passwords
 * spread over two nodes lock the name on both; a success on one node resets the count on both.
 */
import { describe, expect, it } from 'vitest';
import { LineClient } from '../helpers/line-client.js';
import type { ParleyNode } from '../helpers/server-nodes.js';
import { password, register, useCluster } from './cluster.js';

const cluster = useCluster(2, { flags: ['--block-duration', '600'] });

async function attempt(node: ParleyNode, user: string, right: boolean): Promise<number> {
  const c = await LineClient.connect(node.port);
  try {
    const res = await c.request('login', {
      username: user,
      password: right ? password(user) : 'wrong-password',
    });
    // Log out before closing: the next attempt may reach the other node before this one sees the close.
    if (res.status === 200) await c.request('logout');
    return res.status;
  } finally {
    c.close();
  }
}

describe('lockout across nodes', () => {
  it('locks on both nodes after three wrong passwords spread over them', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    await register(n0, 'lock_a');
    expect(await attempt(n0, 'lock_a', false)).toBe(401);
    expect(await attempt(n1, 'lock_a', false)).toBe(401);
    // The third failure locks: the protocol leaves its own answer open (401 or already 403).
    expect([401, 403]).toContain(await attempt(n0, 'lock_a', false));
    expect(await attempt(n1, 'lock_a', true)).toBe(403);
    expect(await attempt(n0, 'lock_a', true)).toBe(403);
  });

  it('resets the count on both nodes after a success on one', async () => {
    const [n0, n1] = cluster().nodes as [ParleyNode, ParleyNode];
    await register(n1, 'lock_b');
    expect(await attempt(n0, 'lock_b', false)).toBe(401);
    expect(await attempt(n1, 'lock_b', false)).toBe(401);
    expect(await attempt(n0, 'lock_b', true)).toBe(200);
    expect(await attempt(n1, 'lock_b', false)).toBe(401);
    expect(await attempt(n0, 'lock_b', false)).toBe(401);
    // Two failures since the reset: not locked.
    expect(await attempt(n1, 'lock_b', true)).toBe(200);
  });
});
