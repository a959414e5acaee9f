/** Calendar arithmetic in the pipeline time zone (DST-safe: dates are calendar days, instants via @date-fns/tz). */
import { TZDate } from '@date-fns/tz';
import type { IsoDate } from './types.js';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Why memoized: zone conversions (Intl) dominate a check run, and the same instants come back every tick
 * (a completion time, a deadline); replay runs thousands of ticks. Bounded: cleared when full.
 */
const MEMO_MAX = 5000;
const memo = new Map<string, string | number>();
function memoized<T extends string | number>(key: string, compute: () => T): T {
  const hit = memo.get(key);
  if (hit !== undefined) return hit as T;
  const value = compute();
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(key, value);
  return value;
}

export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The calendar date of `instant` in `tz`. */
export function localDate(instant: Date, tz: string): IsoDate {
  return memoized(`d|${tz}|${instant.getTime()}`, () => {
    const z = new TZDate(instant.getTime(), tz);
    return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}`;
  });
}

/** Pure calendar addition (no time zone involved). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return memoized(`a|${date}|${days}`, () => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  });
}

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
  const ms = memoized(`i|${tz}|${date}|${hhmm}`, () => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
    return new TZDate(y, m - 1, d, hh, mm, 0, tz).getTime();
  });
  return new Date(ms);
}

/** Dates from `from` to `to` inclusive, ascending. */
export function dateRange(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** `HH:MM` of an instant in `tz`. */
export function localTime(instant: Date, tz: string): string {
  return memoized(`t|${tz}|${instant.getTime()}`, () => {
    const z = new TZDate(instant.getTime(), tz);
    return `${pad(z.getHours())}:${pad(z.getMinutes())}`;
  });
}

/** `HH:MM` in `tz` when `instant` is on `now`'s local day, else `YYYY-MM-DD HH:MM`. */
export function localWhen(instant: Date, tz: string, now: Date): string {
  const day = localDate(instant, tz);
  const time = localTime(instant, tz);
  return day === localDate(now, tz) ? time : `${day} ${time}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
