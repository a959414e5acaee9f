/**
 * `completeness` (SPEC §3): per target, any judged day of the last `lookback_days` below `threshold` of the
 * records the schedule says to expect. One result per target (the gap days are in its summary), so a
 * multi-day gap is one alert, not one per day.
 */
import type { Config } from '../config.js';
import {
  completenessWindow,
  evaluateTarget,
  percent,
  type TargetCompleteness,
} from '../warehouse/completeness.js';
import type { Warehouse } from '../warehouse/ports.js';
import type { Check, CheckResult } from './types.js';

export async function readCompleteness(
  warehouse: Warehouse,
  config: Config,
  now: Date,
  days: number = config.checks.completeness.lookback_days,
): Promise<TargetCompleteness[]> {
  const { threshold, targets } = config.checks.completeness;
  const window = completenessWindow(now, config.timezone, days);
  return Promise.all(
    targets.map(async (t) => ({
      ...evaluateTarget(
        t.name,
        await warehouse.dailyCounts(t, window.from, window.to, config.timezone),
        window,
        threshold,
        now,
        config.timezone,
      ),
      actualTable: t.actual.table,
    })),
  );
}

type DayLine = { date: string; actual: number; expected: number; ratio: number | null; missing?: string[] };

/** "G5 has no row in nba_raw.x", "G4, G5 have no row in …", with "…" when more are missing than shown. */
function missingText(d: DayLine, table: string | undefined): string {
  if (!d.missing?.length) return '';
  const more = d.expected - d.actual > d.missing.length ? ', …' : '';
  return `: ${d.missing.join(', ')}${more} ${d.missing.length === 1 && !more ? 'has' : 'have'} no row in ${table}`;
}

const dayText = (d: DayLine, table?: string) =>
  `${d.date} (${d.actual}/${d.expected} = ${percent(d.ratio)}${missingText(d, table)})`;

export function completenessResults(targets: TargetCompleteness[]): CheckResult[] {
  return targets.map((t): CheckResult => {
    const pct = `${Math.round(t.threshold * 100)}%`;
    const judgedDays = t.days.filter((d) => d.state === 'ok' || d.state === 'gap');
    const judged = judgedDays.length;
    const missing = judgedDays.filter((d) => d.state === 'ok' && d.missing?.length);
    const missingLine = missing.map((d) => dayText(d, t.actualTable)).join(', ');
    const base = {
      check: 'completeness' as const,
      subject: t.target,
      details: {
        target: t.target,
        threshold: t.threshold,
        from: t.from,
        to: t.to,
        days: t.days.map((d) => ({
          date: d.date,
          expected: d.expected,
          actual: d.actual,
          ratio: d.ratio,
          state: d.state,
          ...(d.missing ? { missing: d.missing } : {}),
        })),
        gaps: t.gaps.map((d) => d.date),
      },
      facts: [
        { label: 'Target', value: t.target },
        { label: 'Window', value: `${t.from} … ${t.to}` },
        { label: 'Threshold', value: pct },
        ...(t.gaps.length
          ? [{ label: 'Days below', value: t.gaps.map((d) => dayText(d, t.actualTable)).join(', ') }]
          : []),
        ...(missing.length ? [{ label: 'Ids missing (days at or above)', value: missingLine }] : []),
      ],
    };
    if (t.gaps.length === 0) {
      return {
        ...base,
        status: 'ok',
        summary: `${t.target}: all ${judged} judged game days since ${t.from} at or above ${pct}${missing.length ? `; missing ids on ${missingLine}` : ''}`,
      };
    }
    return {
      ...base,
      status: 'fail',
      date: t.gaps[t.gaps.length - 1]!.date,
      summary: `${t.target}: ${t.gaps.length} day${t.gaps.length > 1 ? 's' : ''} of the last ${t.days.length} below ${pct} of expected records: ${t.gaps.map((d) => dayText(d, t.actualTable)).join(', ')}`,
    };
  });
}

export const completenessCheck: Check = {
  id: 'completeness',
  tier: 'warehouse',
  run: async (ctx) => completenessResults(await readCompleteness(ctx.warehouse!, ctx.config, ctx.now)),
};
