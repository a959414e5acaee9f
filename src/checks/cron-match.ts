/** A small 5-field cron matcher (minute hour day-of-month month day-of-week) in a time zone. Pure. */
import { TZDate } from '@date-fns/tz';

type Field = Set<number>;

/** Why bounded: a long-running bot must not keep every minute it ever asked about. */
const MEMO_MAX = 10_000;

function parseField(expr: string, min: number, max: number): Field {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo = min;
    let hi = max;
    if (range !== '*') {
      const [a, b] = range.split('-');
      lo = Number(a);
      hi = b === undefined ? (stepText === undefined ? lo : max) : Number(b);
    }
    if (![lo, hi, step].every(Number.isInteger) || step < 1 || lo < min || hi > max || lo > hi) {
      throw new Error(`invalid cron field "${expr}"`);
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface CronMatcher {
  matches(at: Date): boolean;
  /** True when some whole minute in (after, upTo] matches; a gap of over a day always does. */
  firedBetween(after: Date, upTo: Date): boolean;
}

/** Why 64: a config has a handful of cron expressions (checks, warehouse, digest, windows); bounded anyway. */
const MATCHERS_MAX = 64;
/** One matcher per expression and zone, so its per-minute memo survives from one tick to the next. */
const matchers = new Map<string, CronMatcher>();

export function cronMatcher(expr: string, tz: string): CronMatcher {
  const key = `${tz} ${expr}`;
  const known = matchers.get(key);
  if (known) return known;
  if (matchers.size >= MATCHERS_MAX) matchers.clear();
  const made = buildMatcher(expr, tz);
  matchers.set(key, made);
  return made;
}

function buildMatcher(expr: string, tz: string): CronMatcher {
  const f = expr.trim().split(/\s+/);
  if (f.length !== 5) throw new Error(`expected 5 cron fields, got "${expr}"`);
  const minute = parseField(f[0]!, 0, 59);
  const hour = parseField(f[1]!, 0, 23);
  const dom = parseField(f[2]!, 1, 31);
  const month = parseField(f[3]!, 1, 12);
  const dow = parseField(f[4]!.replace(/\b7\b/g, '0'), 0, 6);
  const domAny = f[2] === '*';
  const dowAny = f[4] === '*';
  // Why memoized per minute: `firedBetween` walks the same minutes tick after tick (replay runs thousands).
  const seen = new Map<number, boolean>();
  const matches = (at: Date) => {
    const minuteOf = Math.floor(at.getTime() / 60_000);
    const hit = seen.get(minuteOf);
    if (hit !== undefined) return hit;
    if (seen.size >= MEMO_MAX) seen.clear();
    const result = matchesNow(at);
    seen.set(minuteOf, result);
    return result;
  };
  const matchesNow = (at: Date) => {
    const z = new TZDate(at.getTime(), tz);
    if (!minute.has(z.getMinutes()) || !hour.has(z.getHours()) || !month.has(z.getMonth() + 1)) return false;
    const d = dom.has(z.getDate());
    const w = dow.has(z.getDay());
    // Standard cron: with both day fields restricted, either may match.
    return domAny || dowAny ? d && w : d || w;
  };
  return {
    matches,
    firedBetween(after, upTo) {
      const start = Math.floor(after.getTime() / 60_000) + 1;
      const end = Math.floor(upTo.getTime() / 60_000);
      if (end - start > 24 * 60) return true;
      for (let m = start; m <= end; m++) if (matches(new Date(m * 60_000))) return true;
      return false;
    },
  };
}
