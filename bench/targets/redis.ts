/** Starts Debian's redis-server as a peer: no persistence, loopback only, a free port. */
import { spawnPinned, which } from '../lib/processes.js';
import { freePort } from '../lib/free-port.js';
import { makeRunning, waitForPort, type StartOptions, type TargetStarter } from './target.js';

/**
 * The flags both redis peers share: loopback only on `port`, no RDB snapshots, in the foreground,
 * quiet. maxclients stays under the fd limit (20000 here) less redis's own reserve of 32.
 */
export function redisBaseArgs(port: number): string[] {
  return [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--protected-mode',
    'no',
    '--daemonize',
    'no',
    '--maxclients',
    '19000',
    '--loglevel',
    'warning',
  ];
}

export const redisTarget: TargetStarter = {
  name: 'redis',
  unavailable: () => (which('redis-server') === undefined ? 'not installed' : undefined),
  async start(options: StartOptions) {
    const binary = which('redis-server');
    if (binary === undefined) throw new Error('redis-server not installed');
    const port = await freePort();
    const args = [
      ...redisBaseArgs(port),
      '--appendonly',
      'no',
      '--client-output-buffer-limit',
      'pubsub 0 0 0',
    ];
    const p = spawnPinned(options.core, binary, args);
    await waitForPort('127.0.0.1', port, 10_000, p);
    return makeRunning('redis', 'redis', '127.0.0.1', port, p);
  },
};
