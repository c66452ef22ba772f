/**
 * Scenario 8: the renderer (time to render a long conversation, frame times while messages
 * stream in). Skipped until the UI exists. The hook: implement `rendererBench` to drive the built
 * renderer (e.g. Playwright against `npm run web`) and return rows; run.ts already calls it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Context, ScenarioResult } from './scenario.js';

const rendererDir = fileURLToPath(new URL('../../src-renderer', import.meta.url));

export function rendererBench(_ctx: Context): Promise<ScenarioResult> {
  const hasUi = existsSync(rendererDir) && readdirSync(rendererDir).some((f) => /\.(tsx?|html)$/.test(f));
  return Promise.resolve({
    id: 8,
    title: 'Renderer',
    rows: [],
    goals: [],
    raw: { skipped: true },
    notes: [
      hasUi
        ? 'skipped: src-renderer has code now; implement rendererBench in bench/scenarios/8-renderer.ts'
        : 'skipped: the UI does not exist yet (hook: bench/scenarios/8-renderer.ts)',
    ],
  });
}
