/**
 * A grouped bar chart as a standalone SVG string, no dependency: one group per case (50 pairs,
 * 20k msg/s, ...), one bar per system side by side, the value written above each bar. Every text
 * that comes from outside (titles, labels, notes) is escaped.
 */

export interface Series {
  readonly name: string;
  readonly color: string;
  /** One value per group; undefined draws no bar but the note (or "n/a"). */
  readonly values: readonly (number | undefined)[];
  readonly notes?: readonly (string | undefined)[];
}

export interface BarChart {
  readonly title: string;
  readonly subtitle?: string;
  /** The value axis: "delivered msg/s", "p99 ms". */
  readonly axis: string;
  /** Formats a value for its label and the axis ticks. */
  readonly unit: 'rate' | 'ms';
  readonly groups: readonly string[];
  readonly series: readonly Series[];
}

const WIDTH = 760;
const HEIGHT = 400;
const LEFT = 72;
const RIGHT = 16;
const TOP = 58;
const BOTTOM = 96;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function formatBarValue(value: number, unit: BarChart['unit']): string {
  if (unit === 'ms')
    return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (value >= 1e4) return `${Math.round(value / 1e3)}k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(0);
}

/** Axis ticks are round already: no trailing zeros. */
function tick(value: number, unit: BarChart['unit']): string {
  return unit === 'ms' ? String(Number(value.toPrecision(3))) : formatBarValue(value, unit);
}

/** The smallest 1, 2 or 5 × 10^k at or above `max`, so the ticks are round numbers. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

const num = (n: number): string => (Math.round(n * 10) / 10).toString();

export function renderBarChart(chart: BarChart): string {
  const plotW = WIDTH - LEFT - RIGHT;
  const plotH = HEIGHT - TOP - BOTTOM;
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  const top = niceMax(Math.max(0, ...values));
  const y = (v: number): number => TOP + plotH - (v / top) * plotH;
  const out: string[] = [];
  const desc = chart.series
    .map(
      (s) =>
        `${s.name}: ${chart.groups
          .map((g, i) => {
            const v = s.values[i];
            return `${g} ${v === undefined ? (s.notes?.[i] ?? 'n/a') : formatBarValue(v, chart.unit)}`;
          })
          .join(', ')}`,
    )
    .join('; ');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="t d">`,
    `<title id="t">${escapeXml(chart.title)}</title>`,
    `<desc id="d">${escapeXml(`${chart.axis}. ${desc}`)}</desc>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="24" ${FONT} font-size="16" font-weight="600" fill="#111827">${escapeXml(chart.title)}</text>`,
  );
  if (chart.subtitle !== undefined)
    out.push(
      `<text x="${LEFT}" y="42" ${FONT} font-size="11" fill="#4b5563">${escapeXml(chart.subtitle)}</text>`,
    );
  for (let i = 0; i <= 5; i++) {
    const v = (top * i) / 5;
    const ty = y(v);
    out.push(
      `<line x1="${LEFT}" y1="${num(ty)}" x2="${WIDTH - RIGHT}" y2="${num(ty)}" stroke="${i === 0 ? '#374151' : '#e5e7eb'}"/>`,
      `<text x="${LEFT - 6}" y="${num(ty + 4)}" ${FONT} font-size="10" fill="#4b5563" text-anchor="end">${escapeXml(tick(v, chart.unit))}</text>`,
    );
  }
  out.push(
    `<text transform="translate(14 ${num(TOP + plotH / 2)}) rotate(-90)" ${FONT} font-size="11" fill="#374151" text-anchor="middle">${escapeXml(chart.axis)}</text>`,
  );
  const groupW = plotW / Math.max(1, chart.groups.length);
  const barW = (groupW * 0.84) / Math.max(1, chart.series.length);
  chart.groups.forEach((group, g) => {
    const x0 = LEFT + g * groupW + groupW * 0.08;
    chart.series.forEach((s, k) => {
      const x = x0 + k * barW;
      const cx = x + barW / 2;
      const v = s.values[g];
      if (v === undefined) {
        const note = s.notes?.[g] ?? 'n/a';
        out.push(
          `<text x="${num(cx)}" y="${num(TOP + plotH - 4)}" ${FONT} font-size="9" fill="#6b7280" text-anchor="middle"><title>${escapeXml(`${s.name}: ${note}`)}</title>n/a</text>`,
        );
        return;
      }
      const by = y(v);
      out.push(
        `<rect x="${num(x + 1)}" y="${num(by)}" width="${num(Math.max(1, barW - 2))}" height="${num(TOP + plotH - by)}" fill="${escapeXml(s.color)}"><title>${escapeXml(`${s.name}, ${group}: ${formatBarValue(v, chart.unit)}`)}</title></rect>`,
        `<text x="${num(cx)}" y="${num(by - 4)}" ${FONT} font-size="${barW < 34 ? 8 : 10}" fill="#111827" text-anchor="middle">${escapeXml(formatBarValue(v, chart.unit))}</text>`,
      );
    });
    out.push(
      `<text x="${num(LEFT + g * groupW + groupW / 2)}" y="${num(TOP + plotH + 18)}" ${FONT} font-size="12" fill="#111827" text-anchor="middle">${escapeXml(group)}</text>`,
    );
  });
  // Legend: two rows at most, swatch then name.
  const perRow = Math.ceil(chart.series.length / (chart.series.length > 4 ? 2 : 1));
  chart.series.forEach((s, k) => {
    const row = Math.floor(k / perRow);
    const col = k % perRow;
    const lx = LEFT + col * (plotW / perRow);
    const ly = TOP + plotH + 42 + row * 20;
    out.push(
      `<rect x="${num(lx)}" y="${num(ly - 10)}" width="12" height="12" fill="${escapeXml(s.color)}"/>`,
      `<text x="${num(lx + 18)}" y="${num(ly)}" ${FONT} font-size="11" fill="#111827">${escapeXml(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
