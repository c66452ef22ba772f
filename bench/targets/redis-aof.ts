/**
 * Starts Debian's redis-server as the durable peer: the append-only file on with `appendfsync
 * everysec` (redis's recommended durable setting: every write is in the AOF before the reply, and
 * the file is fsynced once a second by a background thread, so a crash of the process loses nothing
 * acknowledged and a crash of the machine up to a second), no RDB snapshots, in a temporary folder
 * removed at stop. Messages go through streams (adapters/redis-streams.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnPinned, which } from '../lib/processes.js';
import { freePort } from '../lib/free-port.js';
import { redisBaseArgs } from './redis.js';
import { makeRunning, waitForPort, type StartOptions, type TargetStarter } from './target.js';

export const redisAofTarget: TargetStarter = {
  name: 'redis-aof',
  unavailable: () => (which('redis-server') === undefined ? 'not installed' : undefined),
  async start(options: StartOptions) {
    const binary = which('redis-server');
    if (binary === undefined) throw new Error('redis-server not installed');
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-redis-aof-'));
    const args = [...redisBaseArgs(port), '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec'];
    const p = spawnPinned(options.core, binary, args);
    const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
    try {
      await waitForPort('127.0.0.1', port, 10_000, p);
    } catch (error) {
      cleanup();
      throw error;
    }
    return makeRunning('redis-aof', 'redis-streams', '127.0.0.1', port, p, cleanup);
  },
};
