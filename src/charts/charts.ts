/**
 * The charts of the digest and `/pipeline trends` (issue 15), as SVG from data: completeness per day,
 * phase completion time per day against its deadline, processor p95 durations. Pure; `ChartRenderer`
 * turns them into PNG.
 */
import type { TargetCompleteness } from '../warehouse/completeness.js';
import { plotSvg } from './svg.js';

/** Why 800×360: readable inline in a Slack thread on a laptop without opening it. */
export const CHART_WIDTH = 800;
/** Why 360: with the width of 800, readable inline in a Slack thread on a laptop without opening it. */
export const CHART_HEIGHT = 360;

export interface Chart {
  /** e.g. `completeness-2026-02-11.png`. */
  filename: string;
  title: string;
  /** What the picture says in words (Slack alt text; the text fallback). */
  altText: string;
  svg: string;
  width: number;
  height: number;
}

/** One transition's trigger times: minutes after local midnight of the day it runs (null: not triggered). */
export interface PhaseTimes {
  transition: string;
  /** "HH:MM" local, when configured. */
  deadline?: string;
  days: Array<{ date: string; minutes: number | null }>;
}

export interface ProcessorDuration {
  processor: string;
  p95Seconds: number | null;
  previousP95Seconds: number | null;
}

const shortDate = (d: string) => d.slice(5);
const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(Math.round(minutes % 60)).padStart(2, '0')}`;

export function completenessChart(targets: TargetCompleteness[], asOf: string): Chart {
  const dates = targets[0]?.days.map((d) => d.date) ?? [];
  const threshold = targets[0]?.threshold ?? 0.8;
  const series = targets.map((t) => ({
    name: t.target,
    badBelow: t.threshold * 100,
    values: dates.map((date) => {
      const ratio = t.days.find((d) => d.date === date)?.ratio;
      return ratio === null || ratio === undefined ? null : Math.min(ratio, 1.2) * 100;
    }),
  }));
  const gaps = targets.flatMap((t) => t.gaps.map((g) => `${t.target} ${g.date}`));
  return chart(
    `completeness-${asOf}.png`,
    'Completeness per day',
    gaps.length
      ? `Below ${Math.round(threshold * 100)}%: ${gaps.join(', ')}`
      : `Every day at or above ${Math.round(threshold * 100)}%`,
    {
      title: 'Completeness per day (% of expected records)',
      subtitle: `${dates[0] ?? ''} to ${dates.at(-1) ?? ''}; dashed: threshold`,
      xLabels: dates.map(shortDate),
      series,
      kind: 'line',
      yMin: 0,
      yMax: 120,
      yTicks: [0, 20, 40, 60, 80, 100, 120],
      yFormat: (v) => `${v}%`,
      refLines: [{ value: threshold * 100, label: `threshold ${Math.round(threshold * 100)}%` }],
    },
  );
}

export function phaseTimesChart(phases: PhaseTimes[], asOf: string): Chart {
  const dates = phases[0]?.days.map((d) => d.date) ?? [];
  const all = phases.flatMap((p) => p.days.map((d) => d.minutes).filter((m): m is number => m !== null));
  const deadlines = phases.filter((p) => p.deadline).map((p) => ({ p, minutes: toMinutes(p.deadline!) }));
  // Four-hour ticks; an hour of air above the latest point or deadline.
  const highest = Math.max(12 * 60, ...all, ...deadlines.map((d) => d.minutes));
  const top = Math.min(48 * 60, Math.ceil((highest + 60) / 240) * 240);
  const late = phases.flatMap((p) => {
    const limit = p.deadline ? toMinutes(p.deadline) : undefined;
    return p.days
      .filter((d) => d.minutes === null || (limit !== undefined && d.minutes > limit))
      .map((d) => `${p.transition} ${d.date}`);
  });
  return chart(
    `phase-times-${asOf}.png`,
    'Phase trigger time per day',
    late.length ? `Late or not triggered: ${late.join(', ')}` : 'Every phase triggered before its deadline',
    {
      title: 'Phase trigger time per day (local time)',
      subtitle: 'Gaps: not triggered; dashed: deadline',
      xLabels: dates.map(shortDate),
      series: phases.map((p) => ({
        name: p.transition,
        values: p.days.map((d) => d.minutes),
        badAbove: p.deadline ? toMinutes(p.deadline) : undefined,
      })),
      kind: 'line',
      yMin: 0,
      yMax: top,
      yTicks: Array.from({ length: top / 240 + 1 }, (_, i) => i * 240),
      yFormat: (v) => (v >= 24 * 60 ? `+1d ${hhmm(v - 24 * 60)}` : hhmm(v)),
      refLines: deadlines.map((d) => ({
        value: d.minutes,
        label: `${d.p.transition} deadline ${d.p.deadline}`,
      })),
    },
  );
}

export function processorP95Chart(rows: ProcessorDuration[], asOf: string, days: number): Chart {
  const values = rows.flatMap((r) => [r.p95Seconds ?? 0, r.previousP95Seconds ?? 0]);
  const top = niceCeiling(Math.max(60, ...values) / 60);
  const worst = [...rows]
    .filter((r) => r.p95Seconds !== null)
    .sort((a, b) => b.p95Seconds! - a.p95Seconds!)[0];
  return chart(
    `processor-p95-${asOf}.png`,
    'Processor p95 duration',
    worst
      ? `Slowest p95: ${worst.processor} ${(worst.p95Seconds! / 60).toFixed(1)} min`
      : 'No processor runs in the window',
    {
      title: `Processor p95 duration (minutes), last ${days} days vs the ${days} before`,
      xLabels: rows.map((r) => fitLabel(r.processor, rows.length)),
      series: [
        {
          name: `previous ${days} d`,
          values: rows.map((r) => (r.previousP95Seconds === null ? null : r.previousP95Seconds / 60)),
        },
        {
          name: `last ${days} d`,
          values: rows.map((r) => (r.p95Seconds === null ? null : r.p95Seconds / 60)),
        },
      ],
      kind: 'bar',
      yMin: 0,
      yMax: top,
      yTicks: ticks(top),
      yFormat: (v) => `${Number(v.toFixed(1))}`,
    },
  );
}

function chart(
  filename: string,
  title: string,
  altText: string,
  spec: Omit<Parameters<typeof plotSvg>[0], 'width' | 'height'>,
): Chart {
  return {
    filename,
    title,
    altText,
    svg: plotSvg({ ...spec, width: CHART_WIDTH, height: CHART_HEIGHT }),
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
  };
}

/** A label short enough for its slot (DejaVu Sans 11 px: ~7 px a character), never overlapping the next. */
function fitLabel(label: string, slots: number): string {
  const max = Math.max(4, Math.floor((CHART_WIDTH - 110) / Math.max(1, slots) / 7));
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

function toMinutes(hhmmText: string): number {
  const [h, m] = hhmmText.split(':').map(Number);
  return h! * 60 + m!;
}

/** Round ticks from 0 to `top`, about five of them. */
function ticks(top: number): number[] {
  const step = niceCeiling(top / 5);
  return Array.from({ length: Math.floor(top / step + 1e-9) + 1 }, (_, i) => Number((i * step).toFixed(6)));
}

/** 1, 2, 5 × 10^k at or above `v`, so axis ticks are round numbers. */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((f) => f * power >= v) ?? 10) * power;
}
