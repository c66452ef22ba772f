/**
 * `npm run bench:charts -- RESULTS.json [--before BASELINE.json] [--out docs/charts]`
 *
 * Draws S1-S3 of a results file as grouped bar charts (SVG, see charts/svg-bars.ts): every system
 * side by side per case, and with --before, Parley's figures from an earlier run (the previous
 * baseline) as one more bar beside this run's.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderBarChart, type BarChart, type Series } from './charts/svg-bars.js';
import { DISPLAY } from './report.js';
import type { Row, ScenarioResult } from './scenarios/scenario.js';
import type { TargetName } from './targets/target.js';

interface Results {
  readonly date: string;
  readonly server?: string;
  readonly quick?: boolean;
  readonly scenarios: readonly ScenarioResult[];
}

const COLORS: Record<TargetName, string> = {
  parley: '#1d4ed8',
  floor: '#9ca3af',
  ngircd: '#d97706',
  redis: '#dc2626',
  'redis-aof': '#7c3aed',
};
const BEFORE_COLOR = '#93c5fd';
const ORDER: readonly TargetName[] = ['parley', 'floor', 'ngircd', 'redis', 'redis-aof'];

interface ChartSpec {
  readonly file: string;
  readonly scenario: number;
  readonly metric: string;
  readonly title: string;
  readonly axis: string;
  readonly unit: BarChart['unit'];
  readonly better: string;
}

const CHARTS: readonly ChartSpec[] = [
  {
    file: 's1-direct-relay.svg',
    scenario: 1,
    metric: 'delivered msg/s',
    title: 'S1 direct messages, as fast as possible',
    axis: 'delivered msg/s',
    unit: 'rate',
    better: 'higher is better',
  },
  {
    file: 's1-per-cpu.svg',
    scenario: 1,
    metric: 'msg per server CPU-second',
    title: 'S1 direct messages per second of the server’s own CPU',
    axis: 'msg per server CPU-second',
    unit: 'rate',
    better: 'higher is better; steadier than msg/s on a shared machine',
  },
  {
    file: 's2-p50.svg',
    scenario: 2,
    metric: 'p50 ms',
    title: 'S2 fixed rate over 200 pairs: median latency',
    axis: 'p50 ms (from the scheduled send)',
    unit: 'ms',
    better: 'lower is better',
  },
  {
    file: 's2-p99.svg',
    scenario: 2,
    metric: 'p99 ms',
    title: 'S2 fixed rate over 200 pairs: p99 latency',
    axis: 'p99 ms (from the scheduled send)',
    unit: 'ms',
    better: 'lower is better',
  },
  {
    file: 's3-fan-out.svg',
    scenario: 3,
    metric: 'deliveries/s',
    title: 'S3 broadcast fan-out, one sender',
    axis: 'deliveries/s',
    unit: 'rate',
    better: 'higher is better',
  },
];

function rowsOf(results: Results, scenario: number, metric: string): Row[] {
  return results.scenarios.find((s) => s.id === scenario)?.rows.filter((r) => r.metric === metric) ?? [];
}

function chartOf(spec: ChartSpec, now: Results, before: Results | undefined, labels: Labels): BarChart {
  const rows = rowsOf(now, spec.scenario, spec.metric);
  const groups = rows.map((r) => r.label);
  const series: Series[] = [];
  for (const target of ORDER) {
    if (!rows.some((r) => r.cells[target] !== undefined)) continue;
    series.push({
      name: target === 'parley' ? labels.now : DISPLAY[target],
      color: COLORS[target],
      values: rows.map((r) => r.cells[target]?.value),
      notes: rows.map((r) => r.cells[target]?.note),
    });
    if (target === 'parley' && before !== undefined) {
      const old = rowsOf(before, spec.scenario, spec.metric);
      const byLabel = new Map(old.map((r) => [r.label, r.cells.parley]));
      series.push({
        name: labels.before,
        color: BEFORE_COLOR,
        values: groups.map((g) => byLabel.get(g)?.value),
        notes: groups.map((g) => byLabel.get(g)?.note ?? 'not in the earlier run'),
      });
    }
  }
  const when = `${now.date.slice(0, 10)}${now.quick === true ? ' (quick)' : ''}`;
  return {
    title: spec.title,
    subtitle: `${spec.better}; run of ${when}${now.server === undefined ? '' : `, ${now.server}`}`,
    axis: spec.axis,
    unit: spec.unit,
    groups,
    series,
  };
}

interface Labels {
  readonly now: string;
  readonly before: string;
}

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      before: { type: 'string' },
      out: { type: 'string', default: 'docs/charts' },
      label: { type: 'string', default: 'Parley' },
      'before-label': { type: 'string', default: 'Parley before' },
    },
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write(
      'usage: npm run bench:charts -- RESULTS.json [--before BASELINE.json] [--out DIR] [--label TEXT] [--before-label TEXT]\n',
    );
    return 2;
  }
  const now = JSON.parse(readFileSync(file, 'utf8')) as Results;
  const before =
    values.before === undefined ? undefined : (JSON.parse(readFileSync(values.before, 'utf8')) as Results);
  mkdirSync(values.out, { recursive: true });
  const labels = { now: values.label, before: values['before-label'] };
  for (const spec of CHARTS) {
    const chart = chartOf(spec, now, before, labels);
    if (chart.groups.length === 0) {
      process.stderr.write(`${spec.file}: no S${spec.scenario} "${spec.metric}" rows in ${file}, skipped\n`);
      continue;
    }
    const out = join(values.out, spec.file);
    writeFileSync(out, renderBarChart(chart));
    process.stdout.write(`${out}\n`);
  }
  return 0;
}

process.exit(main());
