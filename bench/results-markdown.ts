/** `npx tsx bench/results-markdown.ts bench/results/FILE.json`: a results file as Markdown tables. */
import { readFileSync } from 'node:fs';
import { markdownGoals, markdownScenario } from './report.js';
import type { ScenarioResult } from './scenarios/scenario.js';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: npx tsx bench/results-markdown.ts FILE.json\n');
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8')) as {
  date: string;
  server?: string;
  scenarios: ScenarioResult[];
};
const parts = [`Run of ${report.date}${report.server === undefined ? '' : `, ${report.server}`}.`, ''];
for (const s of report.scenarios) parts.push(markdownScenario(s), '');
parts.push('### Targets', '', markdownGoals(report.scenarios));
process.stdout.write(`${parts.join('\n')}\n`);
