/**
 * "As of" reads of the warehouse (replay): an answer as it would have been at an instant, from rows that
 * exist now. The rule every adapter follows (see `Warehouse`):
 * - run logs: only rows with `triggered_at` ≤ as-of (a row's status is its final one: the logs keep no
 *   status history, so a run shows its outcome from its trigger time);
 * - `phase_completions`: only rows with `updated_at` ≤ as-of;
 * - completeness tables have no load time: only rows whose pipeline day is on or before the as-of instant's
 *   date in the pipeline's zone. A day's rows count as present from that day on (a late backfill is seen early).
 * Without an as-of instant, reads are unfiltered (the live bot).
 */
import { localDate } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';

/** The last day a completeness read for `..to` may count as of `asOf` (in `tz`). Pure. */
export function lastDayAsOf(to: IsoDate, asOf: Date | undefined, tz: string): IsoDate {
  if (!asOf) return to;
  const day = localDate(asOf, tz);
  return day < to ? day : to;
}
