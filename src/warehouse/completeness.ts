/**
 * Completeness (SPEC §3): per target and per day, actual / expected distinct records. Pure.
 * - The window is the `days` dates ending yesterday: today's games have not been played.
 * - A day is judged once its data is due (noon the next day, after Phase 2's morning run); until then it
 *   is `pending`, never a gap.
 * - A day with no expected records (no games) is never a gap.
 * - With `match: keys` the adapters count only expected ids that have an actual row and name the missing
 *   ones, so G1–G5 against G1–G4 plus an unknown id reads 4/5, "G5 missing", not 5/5.
 */
import { addDays, dateRange, localDate, localInstant } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';
import type { DayCount } from './ports.js';

/** Why noon the next day: Phase 2 runs the morning after the games (deadline 10:00); then records are due. */
export const DUE_NEXT_DAY_AT = '12:00';
/** Why: float ratios like 0.8 are inexact; 8/10 must count as 80 %, not 79.99…%. */
const EPSILON = 1e-9;
/** Why 10: enough to act on a gap (a day rarely misses more), short enough for one Slack line per day. */
export const MISSING_KEYS_SHOWN = 10;

export type DayState = 'ok' | 'gap' | 'no_games' | 'pending';

export interface DayVerdict extends DayCount {
  /** actual / expected, or null when nothing was expected. */
  ratio: number | null;
  state: DayState;
}

export interface TargetCompleteness {
  target: string;
  threshold: number;
  from: IsoDate;
  to: IsoDate;
  days: DayVerdict[];
  gaps: DayVerdict[];
  /** The table whose rows are expected (named when `match: keys` finds ids missing from it). */
  actualTable?: string;
}

export function completenessWindow(now: Date, tz: string, days: number): { from: IsoDate; to: IsoDate } {
  const to = addDays(localDate(now, tz), -1);
  return { from: addDays(to, -(days - 1)), to };
}

export function isJudged(date: IsoDate, now: Date, tz: string): boolean {
  return now.getTime() >= localInstant(addDays(date, 1), DUE_NEXT_DAY_AT, tz).getTime();
}

export function evaluateTarget(
  target: string,
  counts: DayCount[],
  window: { from: IsoDate; to: IsoDate },
  threshold: number,
  now: Date,
  tz: string,
): TargetCompleteness {
  const byDate = new Map(counts.map((c) => [c.date, c]));
  const days = dateRange(window.from, window.to).map((date): DayVerdict => {
    const c = byDate.get(date) ?? { date, expected: 0, actual: 0 };
    const ratio = c.expected > 0 ? c.actual / c.expected : null;
    let state: DayState;
    if (ratio === null) state = 'no_games';
    else if (!isJudged(date, now, tz)) state = 'pending';
    else state = ratio + EPSILON < threshold ? 'gap' : 'ok';
    return {
      date,
      expected: c.expected,
      actual: c.actual,
      ratio,
      state,
      ...(c.missing ? { missing: c.missing } : {}),
    };
  });
  return {
    target,
    threshold,
    from: window.from,
    to: window.to,
    days,
    gaps: days.filter((d) => d.state === 'gap'),
  };
}

export function percent(ratio: number | null): string {
  return ratio === null ? '–' : `${Math.floor(ratio * 100 + EPSILON)}%`;
}
