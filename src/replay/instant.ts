/**
 * Instants as people write them in replay arguments and rule-test files: `2026-02-09T10:31-05:00` (or `Z`),
 * `2026-02-09T10:31` (wall time in the pipeline time zone) or `2026-02-09` (its midnight). Pure.
 */
import { isIsoDate, localInstant } from '../pipeline/dates.js';

/** Why this pattern: the three forms the file header lists; the zone, when given, is `Z` or ±HH:MM. */
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Why exported: the replay CLI's error shows the forms this parser takes. */
export const INSTANT_HINT =
  'expected a date-time like 2026-02-09T10:31-05:00, 2026-02-09T10:31 or 2026-02-09';

export function parseInstant(text: string, tz: string): Date | undefined {
  const m = INSTANT.exec(text.trim());
  if (!m || !isIsoDate(m[1]!)) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', zone] = m as unknown as string[];
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  if (zone) {
    const d = new Date(text.trim().replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return new Date(localInstant(date!, `${hh}:${mm}`, tz).getTime() + Number(ss) * 1000);
}

export function isInstant(text: string): boolean {
  // The zone does not change whether a text is well formed.
  return parseInstant(text, 'UTC') !== undefined;
}
