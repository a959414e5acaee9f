/** A date typed by a user (`YYYY-MM-DD`, `today`, `yesterday`), resolved in the pipeline time zone and bounded. Pure. */
import { quoteInput } from '../util/mrkdwn.js';
import { addDays, diffDays, isIsoDate, localDate } from './dates.js';
import type { IsoDate } from './types.js';

/** Why: beyond 90 days the completion collections are usually pruned and answers would mislead. */
export const MAX_DAYS_BACK = 90;

export type DateResult = { ok: true; date: IsoDate } | { ok: false; message: string };

export function resolveDate(input: string, now: Date, tz: string): DateResult {
  const today = localDate(now, tz);
  const s = input.trim().toLowerCase();
  let date: IsoDate;
  if (s === 'today') date = today;
  else if (s === 'yesterday') date = addDays(today, -1);
  else if (isIsoDate(s)) date = s;
  else
    return {
      ok: false,
      message: `"${quoteInput(input)}" is not a date: use YYYY-MM-DD, today or yesterday.`,
    };
  if (date > today) return { ok: false, message: `${date} is in the future (today is ${today} in ${tz}).` };
  if (diffDays(date, today) > MAX_DAYS_BACK) {
    return {
      ok: false,
      message: `${date} is more than ${MAX_DAYS_BACK} days back; pick a date after ${addDays(today, -MAX_DAYS_BACK - 1)}.`,
    };
  }
  return { ok: true, date };
}
