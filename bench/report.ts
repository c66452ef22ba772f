/** Turns scenario results into the printed table (figures, ratios against the baselines, targets). */
import type { Cell, Row, ScenarioResult } from './scenarios/scenario.js';
import type { TargetName } from './targets/target.js';

const COLUMNS: TargetName[] = ['parley', 'floor', 'ngircd', 'redis', 'redis-aof'];
const PEERS: TargetName[] = ['floor', 'ngircd', 'redis', 'redis-aof'];
/** How docs/performance.md names each system: redis-aof is redis with the append-only file and streams. */
export const DISPLAY: Record<TargetName, string> = {
  parley: 'Parley',
  floor: 'floor',
  ngircd: 'ngircd',
  redis: 'redis pub/sub',
  'redis-aof': 'redis AOF streams',
};

export function formatValue(value: number, unit: string): string {
  if (unit === 'B') {
    if (Math.abs(value) >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MiB`;
    if (Math.abs(value) >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
    return `${Math.round(value)} B`;
  }
  if (unit === 'ms') return value.toFixed(3);
  if (unit === 's') return value.toFixed(2);
  return Math.round(value).toLocaleString('en-US');
}

function cellText(cell: Cell | undefined, unit: string): string {
  if (cell === undefined) return '–';
  if (cell.value !== undefined) return formatValue(cell.value, unit);
  return cell.note ?? '–';
}

function ratio(row: Row, other: TargetName): string {
  const p = row.cells.parley?.value;
  const o = row.cells[other]?.value;
  if (p === undefined || o === undefined || o === 0) return '–';
  return `${(p / o).toFixed(2)}×`;
}

/** The systems a scenario has figures or notes for (S5-S7 are Parley's alone). */
function columnsOf(s: ScenarioResult): { systems: TargetName[]; peers: TargetName[] } {
  const present = (t: TargetName): boolean => s.rows.some((r) => r.cells[t] !== undefined);
  return { systems: COLUMNS.filter(present), peers: PEERS.filter(present) };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function renderScenario(s: ScenarioResult): string {
  const lines = [`S${s.id}  ${s.title}`];
  if (s.rows.length > 0) {
    const { systems, peers } = columnsOf(s);
    const header = [
      'case',
      'metric',
      ...systems,
      ...peers.map((peer) => `P/${peer}`),
      'parley cpu srv/gen',
      'parley lost/dup/reord',
    ];
    const table = s.rows.map((row) => {
      const p = row.cells.parley;
      const cpu =
        p?.cpu === undefined ? '–' : `${Math.round(p.cpu.server ?? NaN)}% / ${Math.round(p.cpu.generator)}%`;
      const integ =
        p?.integrity === undefined
          ? '–'
          : `${p.integrity.lost}/${p.integrity.duplicated}/${p.integrity.reordered}`;
      return [
        row.label,
        row.metric,
        ...systems.map((c) => clip(cellText(row.cells[c], row.unit), 28)),
        ...peers.map((peer) => ratio(row, peer)),
        cpu,
        integ,
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
    lines.push('  ' + header.map((h, i) => pad(h, widths[i] ?? 0)).join('  '));
    for (const r of table) lines.push('  ' + r.map((c, i) => pad(c, widths[i] ?? 0)).join('  '));
  }
  for (const note of s.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export function renderGoals(results: readonly ScenarioResult[]): string {
  const goals = results.flatMap((s) => s.goals);
  const width = Math.max(...goals.map((g) => g.description.length), 10);
  const lines = ['Targets (ratios and figures from this run)'];
  for (const g of goals) {
    const status = g.met === undefined ? 'n/a   ' : g.met ? 'met   ' : 'MISSED';
    lines.push(`  ${status}  ${pad(g.description, width)}  ${g.measured}`);
  }
  return lines.join('\n');
}

/** The same tables as Markdown, for docs/performance.md (`npx tsx bench/results-markdown.ts FILE`). */
export function markdownScenario(s: ScenarioResult): string {
  const lines = [`### S${s.id}. ${s.title}`, ''];
  if (s.rows.length > 0) {
    const { systems, peers } = columnsOf(s);
    const header = [
      'case',
      'metric',
      ...systems.map((c) => DISPLAY[c]),
      ...peers.map((p) => `P/${p}`),
      'Parley CPU server / generator',
    ];
    lines.push(`| ${header.join(' | ')} |`);
    lines.push(`|---|---|${'--:|'.repeat(header.length - 2)}`);
    for (const row of s.rows) {
      const p = row.cells.parley;
      const cpu =
        p?.cpu === undefined
          ? '–'
          : `${Math.round(p.cpu.server ?? NaN)} % / ${Math.round(p.cpu.generator)} %`;
      const cells = systems.map((c) => cellText(row.cells[c], row.unit).replace(/\|/g, '/'));
      const parts = [row.label, row.metric, ...cells, ...peers.map((p) => ratio(row, p)), cpu];
      lines.push(`| ${parts.join(' | ')} |`);
    }
    lines.push('');
  }
  for (const note of s.notes) lines.push(`- ${note}`);
  return lines.join('\n');
}

export function markdownGoals(results: readonly ScenarioResult[]): string {
  const lines = ['| target | measured | status |', '|---|---|---|'];
  for (const g of results.flatMap((s) => s.goals)) {
    lines.push(
      `| ${g.description} | ${g.measured} | ${g.met === undefined ? 'n/a' : g.met ? 'met' : '**missed**'} |`,
    );
  }
  return lines.join('\n');
}
