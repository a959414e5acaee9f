/**
 * A small hand-built SVG plot: a frame, a y axis with grid lines, x labels, and series drawn as lines
 * (with points) or grouped bars, plus dashed reference lines (thresholds, deadlines). Pure strings, no
 * browser; text uses one font family so a shipped font renders it the same everywhere.
 */

/** Why DejaVu Sans: the one font shipped (assets/fonts/DejaVuSans.ttf), so charts render alike everywhere. */
export const CHART_FONT = 'DejaVu Sans';
/** Why these colours: distinguishable for common colour blindness (Okabe–Ito palette). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'];
/** Why vermillion: Okabe–Ito's red-orange, for bad values and reference lines (thresholds, deadlines). */
const BAD = '#D55E00';

export interface Series {
  name: string;
  /** One value per x label; null is a gap (no data). */
  values: Array<number | null>;
  /** Values above `badAbove` or below `badBelow` are drawn in the warning colour (a deadline, a threshold). */
  badAbove?: number;
  badBelow?: number;
}

export interface RefLine {
  value: number;
  label: string;
}

export interface PlotSpec {
  title: string;
  subtitle?: string;
  xLabels: string[];
  series: Series[];
  kind: 'line' | 'bar';
  yMin: number;
  yMax: number;
  yTicks: number[];
  yFormat(value: number): string;
  refLines?: RefLine[];
  width: number;
  height: number;
}

const M = { top: 64, right: 24, bottom: 56, left: 72 };

export const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => Number(v.toFixed(2));

export function plotSvg(p: PlotSpec): string {
  const w = p.width - M.left - M.right;
  const h = p.height - M.top - M.bottom;
  const y = (v: number) =>
    M.top + h - ((Math.min(Math.max(v, p.yMin), p.yMax) - p.yMin) / (p.yMax - p.yMin)) * h;
  const slot = w / Math.max(1, p.xLabels.length);
  const x = (i: number) => M.left + slot * (i + 0.5);
  const parts: string[] = [
    `<rect width="${p.width}" height="${p.height}" fill="#ffffff"/>`,
    text(M.left, 28, p.title, 18, 'start', '#111111'),
    ...(p.subtitle ? [text(M.left, 48, p.subtitle, 12, 'start', '#555555')] : []),
    ...p.yTicks.map(
      (t) =>
        `<line x1="${M.left}" x2="${M.left + w}" y1="${n(y(t))}" y2="${n(y(t))}" stroke="#e5e5e5"/>` +
        text(M.left - 8, y(t) + 4, p.yFormat(t), 11, 'end', '#444444'),
    ),
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + h}" stroke="#888888"/>`,
    `<line x1="${M.left}" x2="${M.left + w}" y1="${M.top + h}" y2="${M.top + h}" stroke="#888888"/>`,
    ...xLabels(p.xLabels, x, M.top + h + 18),
    ...(p.kind === 'bar' ? bars(p, x, y, slot) : lines(p, x, y)),
    ...(p.refLines ?? []).map(
      (r) =>
        `<line x1="${M.left}" x2="${M.left + w}" y1="${n(y(r.value))}" y2="${n(y(r.value))}" stroke="${BAD}" stroke-dasharray="6 4" stroke-width="1.5"/>` +
        text(M.left + w - 4, y(r.value) - 6, r.label, 11, 'end', BAD),
    ),
    ...legend(p.series, p.width - M.right, M.top + h + 44),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${p.width}" height="${p.height}" viewBox="0 0 ${p.width} ${p.height}" font-family="${CHART_FONT}">${parts.join('')}</svg>`;
}

function text(x: number, y: number, s: string, size: number, anchor: string, fill: string): string {
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" text-anchor="${anchor}" fill="${fill}">${esc(s)}</text>`;
}

/** At most ~10 labels so they never overlap; the last one is always shown. */
function xLabels(labels: string[], x: (i: number) => number, at: number): string[] {
  const every = Math.max(1, Math.ceil(labels.length / 10));
  return labels
    .map((l, i) =>
      i % every === 0 || i === labels.length - 1 ? text(x(i), at, l, 11, 'middle', '#444444') : '',
    )
    .filter(Boolean);
}

function isBad(s: Series, v: number): boolean {
  return (s.badAbove !== undefined && v > s.badAbove) || (s.badBelow !== undefined && v < s.badBelow);
}

function lines(p: PlotSpec, x: (i: number) => number, y: (v: number) => number): string[] {
  return p.series.flatMap((s, si) => {
    const colour = PALETTE[si % PALETTE.length]!;
    const runs: string[][] = [[]];
    s.values.forEach((v, i) => {
      if (v === null) runs.push([]);
      else runs.at(-1)!.push(`${n(x(i))},${n(y(v))}`);
    });
    const paths = runs
      .filter((r) => r.length > 1)
      .map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    const dots = s.values.map((v, i) =>
      v === null
        ? ''
        : `<circle cx="${n(x(i))}" cy="${n(y(v))}" r="${isBad(s, v) ? 4.5 : 3}" fill="${isBad(s, v) ? BAD : colour}"/>`,
    );
    return [...paths, ...dots.filter(Boolean)];
  });
}

function bars(p: PlotSpec, x: (i: number) => number, y: (v: number) => number, slot: number): string[] {
  const groupWidth = slot * 0.8;
  const barWidth = groupWidth / Math.max(1, p.series.length);
  return p.series.flatMap((s, si) =>
    s.values.map((v, i) => {
      if (v === null) return '';
      const left = x(i) - groupWidth / 2 + si * barWidth;
      const top = y(v);
      const colour = isBad(s, v) ? BAD : PALETTE[si % PALETTE.length]!;
      return `<rect x="${n(left)}" y="${n(top)}" width="${n(barWidth - 1)}" height="${n(y(p.yMin) - top)}" fill="${colour}"/>`;
    }),
  );
}

function legend(series: Series[], right: number, at: number): string[] {
  let cursor = right;
  return [...series].reverse().flatMap((s, ri) => {
    const colour = PALETTE[(series.length - 1 - ri) % PALETTE.length]!;
    // Why 7 px per character: DejaVu Sans at 11 px averages ~6.5 px; a little air between entries.
    const width = 18 + s.name.length * 7 + 16;
    cursor -= width;
    return [
      `<rect x="${n(cursor)}" y="${at - 9}" width="12" height="12" fill="${colour}"/>`,
      text(cursor + 18, at + 1, s.name, 11, 'start', '#333333'),
    ];
  });
}
