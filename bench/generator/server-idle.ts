/** Waits until a process uses under 5 % of a core for a quarter second (or `maxMs` passes). */
import { cpuSeconds } from '../lib/proc-stats.js';
import { sleep } from './pool.js';

export async function waitUntilIdle(pid: number, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = cpuSeconds(pid);
  while (performance.now() < deadline) {
    await sleep(250);
    const now = cpuSeconds(pid);
    if (now === undefined || last === undefined) return;
    if (now - last < 0.0125) return;
    last = now;
  }
}
