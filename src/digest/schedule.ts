/**
 * When the daily digest is due (SPEC §6: `digest.cron`, default 08:00, in the pipeline time zone). Pure.
 *
 * The digest is "one per local day": the day's due instant is the first minute of that local day the cron
 * expression matches. Computed minute by minute through the local day with the zone's rules, so 08:00
 * stays 08:00 local across both DST changes (12:00Z in summer, 13:00Z in winter), and a 23- or 25-hour
 * day has exactly one due instant.
 */
import { cronMatcher } from '../checks/cron-match.js';
import { addDays, localDate, localInstant } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';

/** Why a minute: cron's resolution; the walk over a day tries each minute once. */
const MINUTE = 60_000;
/** Why a memo: the walk is ~1,440 zone conversions and every digest run (and the App Home) asks again. */
const memo = new Map<string, number | null>();
/** Why 256: well above the few (cron, zone, day) keys in use at once; bounded, cleared when full. */
const MEMO_MAX = 256;

/** The first instant of local day `date` that `cron` matches, or `undefined` when it matches none (e.g. weekdays only). */
export function digestDueAt(date: IsoDate, cron: string, tz: string): Date | undefined {
  const key = `${cron}|${tz}|${date}`;
  let hit = memo.get(key);
  if (hit === undefined) {
    hit = firstMatch(date, cron, tz);
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, hit);
  }
  return hit === null ? undefined : new Date(hit);
}

function firstMatch(date: IsoDate, cron: string, tz: string): number | null {
  const matcher = cronMatcher(cron, tz);
  const start = localInstant(date, '00:00', tz).getTime();
  const end = localInstant(addDays(date, 1), '00:00', tz).getTime();
  for (let t = start; t < end; t += MINUTE) {
    if (matcher.matches(new Date(t))) return t;
  }
  return null;
}

/** The next due instant strictly after `now` (looks up to 8 days ahead; a weekly cron is fine). */
export function nextDigestDue(now: Date, cron: string, tz: string): Date | undefined {
  const today = localDate(now, tz);
  for (let i = 0; i <= 8; i++) {
    const due = digestDueAt(addDays(today, i), cron, tz);
    if (due && due.getTime() > now.getTime()) return due;
  }
  return undefined;
}
