/** Starts Debian's redis-server as a peer: no persistence, loopback only, a free port. */
import { spawnPinned, which } from '../lib/processes.js';
import { freePort } from '../lib/free-port.js';
import { makeRunning, waitForPort, type StartOptions, type TargetStarter } from './target.js';

export const redisTarget: TargetStarter = {
  name: 'redis',
  unavailable: () => (which('redis-server') === undefined ? 'not installed' : undefined),
  async start(options: StartOptions) {
    const binary = which('redis-server');
    if (binary === undefined) throw new Error('redis-server not installed');
    const port = await freePort();
    // maxclients stays under the fd limit (20000 here) less redis's own reserve of 32.
    const args = [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'no',
      '--daemonize',
      'no',
      '--maxclients',
      '19000',
      '--loglevel',
      'warning',
      '--client-output-buffer-limit',
      'pubsub 0 0 0',
    ];
    const p = spawnPinned(options.core, binary, args);
    await waitForPort('127.0.0.1', port, 10_000, p);
    return makeRunning('redis', 'redis', '127.0.0.1', port, p);
  },
};
