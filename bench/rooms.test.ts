/**
 * Keeps the room benchmarks (S9 fan-out, S10 history) from rotting: runs `bench/run.ts --quick
 * --only 9,10` and checks that every figure is there and that nothing was lost. No speed is
 * asserted: the machine is shared and the numbers vary.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_CPU_READING } from './scenarios/compare.js';
import type { ScenarioResult } from './scenarios/scenario.js';
import { targets } from './targets/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-rooms-'));
const out = join(dir, 'rooms.json');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runQuick(): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--quick', '--only', '9,10', '--out', out],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), 170_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('npm run bench -- --quick --only 9,10', () => {
  it('reports every room figure and loses nothing', { timeout: 180_000 }, async () => {
    const run = await runQuick();
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      scenarios: ScenarioResult[];
      goals: { description: string; measured: string; met: boolean | null }[];
    };
    expect(report.scenarios.map((s) => s.id)).toEqual([9, 10]);
    for (const scenario of report.scenarios) {
      expect(scenario.rows.length, `S${scenario.id}: ${scenario.notes.join(' ')}`).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        const where = `S${scenario.id} ${row.label} ${row.metric}`;
        for (const who of ['parley', 'redis-aof', 'ngircd'] as const) {
          if (scenario.id === 10 && who !== 'parley') continue;
          const cell = row.cells[who];
          if (targets[who].unavailable() !== undefined) expect(cell?.note, where).toBe('not installed');
          else if (row.metric.includes('per server CPU-second') && cell?.value === undefined)
            expect(cell?.note, `${where} ${who}`).toBe(NO_CPU_READING);
          else expect(cell?.value, `${where} ${who}: ${cell?.note}`).toBeTypeOf('number');
        }
      }
    }
    for (const goal of report.goals) expect(goal.measured, goal.description).not.toBe('n/a');
    // Behaviour, not speed: every member got every room message once, in order; catch-up had no gap.
    const integrity = report.goals.filter((g) => /once, in order|once, in seq order/.test(g.description));
    expect(integrity).toHaveLength(2);
    for (const goal of integrity) expect(goal.met, `${goal.description}: ${goal.measured}`).toBe(true);
    // The receivers acknowledged: Parley per room, redis with XACK.
    const s9 = report.scenarios.find((s) => s.id === 9)!;
    for (const byTarget of Object.values(s9.raw) as Record<
      string,
      { result?: { receiverAcks: { acksSent: number } } }
    >[]) {
      expect(byTarget['parley']?.result?.receiverAcks.acksSent).toBeGreaterThan(0);
      if (targets['redis-aof'].unavailable() === undefined)
        expect(byTarget['redis-aof']?.result?.receiverAcks.acksSent).toBeGreaterThan(0);
    }
  });
});
