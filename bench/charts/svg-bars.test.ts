/** The chart writer escapes every outside text and draws one bar per value it has. */
import { describe, expect, it } from 'vitest';
import { escapeXml, formatBarValue, niceMax, renderBarChart } from './svg-bars.js';

describe('renderBarChart', () => {
  const svg = renderBarChart({
    title: 'S1 <script>alert("x")</script> & co',
    subtitle: "server: snapshot of commit 'abc'",
    axis: 'delivered msg/s',
    unit: 'rate',
    groups: ['50 pairs', '500 <pairs>'],
    series: [
      { name: 'Parley', color: '#1d4ed8', values: [350_000, 460_000] },
      {
        name: 'ngircd & co',
        color: '#d97706',
        values: [338_000, undefined],
        notes: [undefined, 'failed: <boom>'],
      },
    ],
  });

  it('escapes titles, labels, names and notes', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('S1 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(svg).toContain('500 &lt;pairs&gt;');
    expect(svg).toContain('ngircd &amp; co');
    expect(svg).toContain('failed: &lt;boom&gt;');
    expect(svg).toContain('commit &apos;abc&apos;');
    // Outside text never opens an element of its own: every "<" starts a tag the writer made.
    const tags = svg.match(/<\/?([a-z]+)/g) ?? [];
    expect(new Set(tags.map((t) => t.replace(/[</]/g, '')))).toEqual(
      new Set(['svg', 'title', 'desc', 'rect', 'text', 'line']),
    );
  });

  it('draws a bar per value and says n/a where there is none', () => {
    const bars = svg.match(/<rect [^>]*><title>/g) ?? [];
    expect(bars).toHaveLength(3);
    expect(svg).toContain('>n/a</text>');
    expect(svg).toContain('>460k</text>');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('chart helpers', () => {
  it('rounds the axis up to 1, 2 or 5 × 10^k', () => {
    expect(niceMax(460_000)).toBe(500_000);
    expect(niceMax(1_060_000)).toBe(2_000_000);
    expect(niceMax(7.4)).toBe(10);
    expect(niceMax(0)).toBe(1);
  });

  it('formats rates and milliseconds compactly', () => {
    expect(formatBarValue(1_058_432, 'rate')).toBe('1.06M');
    expect(formatBarValue(347_891, 'rate')).toBe('348k');
    expect(formatBarValue(5_000, 'rate')).toBe('5.0k');
    expect(formatBarValue(6.399, 'ms')).toBe('6.40');
    expect(formatBarValue(112.9, 'ms')).toBe('113');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });
});
