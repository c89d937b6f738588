/**
 * Inline SVG charts: no library, no script, nothing fetched. Every bar is a link to its examples and carries
 * its number as text, so a chart reads without colour; the numbers are also in a table next to it.
 */
import { esc, num } from './html.js';

export interface Bar {
  readonly label: string;
  readonly value: number;
  /** Where the bar's examples are; null for none. */
  readonly href: string | null;
}

const FILL = '#2f5f98';
const FILL_B = '#b34d00';

/** Horizontal bars, one row per item, value written after each bar. */
export function barChart(title: string, bars: readonly Bar[]): string {
  const row = 22;
  // Wide enough for the longest label: a label is never cut, so the link's name holds its visible text.
  const labelWidth = 16 + 7 * Math.max(10, ...bars.map((bar) => bar.label.length));
  const barWidth = 360;
  const width = labelWidth + barWidth + 90;
  const height = Math.max(1, bars.length) * row + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const rows = bars
    .map((bar, i) => {
      const y = i * row + 4;
      const w = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * barWidth));
      const inner = `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end">${esc(bar.label)}</text><rect x="${labelWidth}" y="${y + 2}" width="${w}" height="${row - 6}" fill="${FILL}"/><text x="${labelWidth + w + 5}" y="${y + 14}">${num(bar.value)}</text>`;
      // Named by its visible text (label and number), which the figure's caption gives a unit.
      return link(bar.href, null, inner);
    })
    .join('\n');
  return figure(title, width, height, rows);
}

/** Vertical bars per bin; with a second series (`valueB`), two bars per bin, the second one hatched. */
export function histogram(
  title: string,
  unit: string,
  bins: ReadonlyArray<{
    readonly label: string;
    readonly value: number;
    readonly href: string | null;
    readonly valueB?: number;
    readonly hrefB?: string | null;
  }>,
  series?: readonly [string, string],
): string {
  const paired = series !== undefined;
  const slot = paired ? 54 : 50;
  const plot = 150;
  const top = paired ? 34 : 18;
  const width = Math.max(260, bins.length * slot + 20);
  const height = top + plot + 40;
  const max = Math.max(1, ...bins.flatMap((bin) => [bin.value, bin.valueB ?? 0]));
  const bar = (x: number, value: number, w: number, fill: string, href: string | null, name: string) => {
    const h = value === 0 ? 0 : Math.max(2, Math.round((value / max) * plot));
    const y = top + plot - h;
    const inner = `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/><text x="${x + w / 2}" y="${y - 3}" text-anchor="middle">${num(value)}</text>`;
    return link(href, `${num(value)} ${unit}: ${name}`, inner);
  };
  const parts = bins.map((bin, i) => {
    const x = 10 + i * slot;
    const label = `<text x="${x + slot / 2 - 2}" y="${top + plot + 16}" text-anchor="middle">${esc(bin.label)}</text>`;
    if (!paired) return bar(x + 4, bin.value, slot - 10, FILL, bin.href, bin.label) + label;
    const [a, b] = series;
    return (
      bar(x + 2, bin.value, 23, FILL, bin.href, `${a}, ${bin.label}`) +
      bar(x + 26, bin.valueB ?? 0, 23, 'url(#hatch)', bin.hrefB ?? null, `${b}, ${bin.label}`) +
      label
    );
  });
  const legend = paired
    ? `<rect x="10" y="4" width="14" height="14" fill="${FILL}"/><text x="30" y="16">${esc(series[0])} (solid)</text><rect x="190" y="4" width="14" height="14" fill="url(#hatch)"/><text x="210" y="16">${esc(series[1])} (hatched)</text>`
    : '';
  const defs = paired
    ? `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="${FILL_B}"/></pattern></defs>`
    : '';
  const axis = `<line x1="8" y1="${top + plot}" x2="${width - 4}" y2="${top + plot}" stroke="#1b1b1b"/>`;
  return figure(title, width, height, defs + legend + parts.join('\n') + axis);
}

function link(href: string | null, label: string | null, inner: string): string {
  if (href === null) return `<g>${inner}</g>`;
  return label === null
    ? `<a href="${esc(href)}">${inner}</a>`
    : `<a href="${esc(href)}" aria-label="${esc(label)}">${inner}</a>`;
}

function figure(title: string, width: number, height: number, inner: string): string {
  return `<figure>
<figcaption>${esc(title)}</figcaption>
<svg xmlns="http://www.w3.org/2000/svg" role="group" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
${inner}
</svg>
</figure>`;
}
