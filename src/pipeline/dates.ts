/** Calendar arithmetic in the pipeline time zone (DST-safe: dates are calendar days, instants via @date-fns/tz). */
import { TZDate } from '@date-fns/tz';
import type { IsoDate } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Why 4,096: every check run and `/pipeline status` asks the same few hundred (date, time, zone) and
 * (date, offset) questions again; a memo that holds them all, emptied when full, keeps memory bounded.
 */
const MEMO_LIMIT = 4_096;

/** Memoizes a pure function of a string key, up to `MEMO_LIMIT` answers (then starts over). */
function memo<T>(compute: (key: string) => T): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      if (answers.size >= MEMO_LIMIT) answers.clear();
      answer = compute(key);
      answers.set(key, answer);
    }
    return answer;
  };
}

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The calendar date of `instant` in `tz`. */
export function localDate(instant: Date, tz: string): IsoDate {
  const z = new TZDate(instant.getTime(), tz);
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`;
}

/** Pure calendar addition (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return addDaysMemo(`${date}|${days}`);
}

const addDaysMemo = memo((key) => {
  const [date, days] = key.split('|') as [IsoDate, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + Number(days))).toISOString().slice(0, 10);
});

/** Whole days from `a` to `b` (b − a). */
export function diffDays(a: IsoDate, b: IsoDate): number {
  const toUtc = (s: IsoDate) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** The instant of local wall time `hh:mm` on `date` in `tz`. Across DST gaps it moves forward like a wall clock would. */
export function localInstant(date: IsoDate, hhmm: string, tz: string): Date {
  // A fresh Date each call: callers may hold or change it.
  return new Date(localInstantMs(`${date}|${hhmm}|${tz}`));
}

const localInstantMs = memo((key) => {
  const [date, hhmm, tz] = key.split('|') as [IsoDate, string, string];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return new TZDate(y, m - 1, d, hh, mm, 0, tz).getTime();
});

/** Dates from `from` to `to` inclusive, ascending. */
export function dateRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** `HH:MM` of an instant in `tz`. */
export function localTime(instant: Date, tz: string): string {
  const z = new TZDate(instant.getTime(), tz);
  return `${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
