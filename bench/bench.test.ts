/**
 * Keeps the benchmark from rotting: runs `bench/run.ts --quick` as a child process and checks that
 * it completes and that every figure is present (a number, or for a peer "not installed"). It
 * asserts no speed: the machine is shared and the numbers vary.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RelayResult } from './generator/spec.js';
import { NO_CPU_READING } from './scenarios/compare.js';
import type { Cell, ScenarioResult } from './scenarios/scenario.js';
import { targets } from './targets/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'parley-bench-test-'));
const out = join(dir, 'quick.json');

interface Report {
  readonly quick: boolean;
  readonly scenarios: ScenarioResult[];
  readonly goals: { readonly description: string; readonly measured: string; readonly met: boolean | null }[];
}

function runQuick(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), 290_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick', () => {
  it('completes and reports every figure', { timeout: 300_000 }, async () => {
    const run = await runQuick();
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    expect(run.stdout).toContain('Targets');
    expect(existsSync(out)).toBe(true);
    const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
    expect(report.quick).toBe(true);
    expect(report.scenarios.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

    const parleyHere = targets.parley.unavailable() === undefined;
    for (const scenario of report.scenarios.filter((s) => s.id <= 7)) {
      expect(scenario.rows.length, `S${scenario.id} rows`).toBeGreaterThan(0);
      for (const row of scenario.rows) {
        const where = `S${scenario.id} ${row.label} ${row.metric}`;
        // A figure, or for a per-CPU figure the reason it has none: a quick run is short enough
        // for a starved server to use no whole clock tick of CPU.
        const present = (cell: Cell | undefined, who: string): void => {
          if (row.metric.includes('per server CPU-second') && cell?.value === undefined)
            expect(cell?.note, `${where} ${who}`).toBe(NO_CPU_READING);
          else expect(cell?.value, `${where} ${who}: ${cell?.note}`).toBeTypeOf('number');
        };
        if (parleyHere) present(row.cells.parley, 'parley');
        // S1's TLS row runs the two servers that speak TLS: Parley and ngircd.
        // The server's own view of its event loop (--report-stats) exists for Parley only.
        const parleyOnly = row.metric.startsWith('server loop') || row.metric.startsWith('server GC');
        if (row.label.includes('TLS')) {
          if (targets.ngircd.unavailable() === undefined) present(row.cells.ngircd, 'ngircd');
        } else if (scenario.id <= 4 && !row.label.includes('abuse') && !parleyOnly) {
          present(row.cells.floor, 'floor');
          // The durable peer (redis AOF + streams) runs where Parley's promise is durable: direct messages.
          const peers =
            scenario.id <= 2 ? (['ngircd', 'redis', 'redis-aof'] as const) : (['ngircd', 'redis'] as const);
          for (const peer of peers) {
            const cell = row.cells[peer];
            if (targets[peer].unavailable() === undefined) present(cell, peer);
            else expect(cell?.note).toBe('not installed');
          }
        }
      }
    }
    expect(report.goals.length).toBeGreaterThan(0);
    for (const goal of report.goals) {
      if (parleyHere) expect(goal.measured, goal.description).not.toBe('n/a');
    }
    // Receivers acknowledged like a 1.1 client (every push carries a seq) and the durable peer's
    // receivers acked with XACK: counts, not speed.
    const s1 = report.scenarios.find((s) => s.id === 1)!;
    for (const byTarget of Object.values(s1.raw) as Record<string, { result?: RelayResult }>[]) {
      if (parleyHere) expect(byTarget['parley']?.result?.receiverAcks.acksSent).toBeGreaterThan(0);
      if (targets['redis-aof'].unavailable() === undefined && 'floor' in byTarget)
        expect(byTarget['redis-aof']?.result?.receiverAcks.acksSent).toBeGreaterThan(0);
    }
    // Goals about behaviour, not speed, must hold at any size on any machine.
    // Known failing, issue 15: 2 and 3 nodes on Redis deliver a few direct messages out of order
    // (nothing lost or doubled); that goal is reported by the bench but not held here until fixed.
    const knownFailing = /^every message of the cluster runs/;
    for (const goal of report.goals.filter(
      (g) =>
        /lose nothing|once, in order|refuses the abusers|51 % again/.test(g.description) &&
        !knownFailing.test(g.description),
    )) {
      if (parleyHere) expect(goal.met, `${goal.description}: ${goal.measured}`).toBe(true);
    }
    const renderer = report.scenarios.find((s) => s.id === 8);
    expect(renderer?.notes.join(' ')).toMatch(/skipped/);
  });
});
