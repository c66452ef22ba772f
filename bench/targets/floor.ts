/** Starts the floor relay (floor-relay.ts) as its own pinned process. */
import { fileURLToPath } from 'node:url';
import { spawnPinned, waitForLine } from '../lib/processes.js';
import { makeRunning, type StartOptions, type TargetStarter } from './target.js';

const script = fileURLToPath(new URL('./floor-relay.ts', import.meta.url));

export const floorTarget: TargetStarter = {
  name: 'floor',
  unavailable: () => undefined,
  async start(options: StartOptions) {
    const p = spawnPinned(
      options.core,
      process.execPath,
      ['--import', 'tsx', script, '--host', '127.0.0.1', '--port', '0'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const match = await waitForLine(p, /^listening on (\S+):(\d+)$/, 20_000);
    return makeRunning('floor', 'floor', match[1] ?? '127.0.0.1', Number(match[2]), p);
  },
};
