/**
 * A warehouse with a closed-day cache for completeness (issue 5, "Cost"). A day's counts stop changing once
 * it is closed (two days old: its games were processed the morning after). Closed days are read once and
 * kept; each run re-reads only the open days, in ONE query per target. Closed days are re-read after
 * `closedTtlMs` (default a day), so a backfill is still noticed.
 */
import { dateRange, diffDays, localDate } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Clock } from '../ports.js';
import { lastDayAsOf } from './as-of.js';
import type { CompletenessTarget, DayCount, Warehouse } from './ports.js';

/** Why 2: a date is closed two days on (pipeline zone): its games were processed the morning after. */
export const CLOSED_AFTER_DAYS = 2;

/** Why 100: days further back than this are dropped; above the longest lookback (90 days). */
const MAX_CACHED_DAYS = 100;

interface Entry {
  count: DayCount;
  fetchedAt: Date;
}

export interface CacheStats {
  queries: number;
  daysScanned: number;
}

export class CachedWarehouse implements Warehouse {
  readonly stats: CacheStats = { queries: 0, daysScanned: 0 };
  private readonly cache = new Map<string, Map<IsoDate, Entry>>();
  private readonly closedTtlMs: number;

  constructor(
    private readonly inner: Warehouse,
    private readonly clock: Clock,
    private readonly tz: string,
    opts: { closedTtlMs?: number } = {},
  ) {
    this.closedTtlMs = opts.closedTtlMs ?? 86_400_000;
  }

  isClosed(date: IsoDate, at: Date): boolean {
    return diffDays(date, localDate(at, this.tz)) >= CLOSED_AFTER_DAYS;
  }

  /** An as-of read (replay) counts the same rows per day, up to its last day (`as-of.ts`): the cache serves it. */
  async dailyCounts(
    target: CompletenessTarget,
    from: IsoDate,
    to: IsoDate,
    tz: string,
    asOf?: Date,
  ): Promise<DayCount[]> {
    if (asOf) {
      const last = lastDayAsOf(to, asOf, tz);
      return last < from ? [] : this.dailyCounts(target, from, last, tz);
    }
    const now = this.clock.now();
    const key = JSON.stringify([target, tz]);
    let days = this.cache.get(key);
    if (!days) {
      days = new Map();
      this.cache.set(key, days);
    }
    const wanted = dateRange(from, to);
    const stale = wanted.filter((d) => {
      const e = days.get(d);
      if (!e || !this.isClosed(d, e.fetchedAt)) return true;
      return now.getTime() - e.fetchedAt.getTime() > this.closedTtlMs;
    });
    if (stale.length) {
      const qFrom = stale[0]!;
      const qTo = stale[stale.length - 1]!;
      this.stats.queries++;
      this.stats.daysScanned += diffDays(qFrom, qTo) + 1;
      const fresh = new Map((await this.inner.dailyCounts(target, qFrom, qTo, tz)).map((c) => [c.date, c]));
      for (const d of dateRange(qFrom, qTo)) {
        days.set(d, { count: fresh.get(d) ?? { date: d, expected: 0, actual: 0 }, fetchedAt: now });
      }
    }
    // Days far before the range asked are dropped: live that is before today; a replay of a period long
    // past keeps its own days (pruning against today would drop them all, and re-read them every run).
    const counts = wanted.map((d) => days.get(d)!.count);
    for (const d of days.keys()) if (diffDays(d, to) > MAX_CACHED_DAYS) days.delete(d);
    return counts;
  }

  failureStreaks: Warehouse['failureStreaks'] = (since, asOf) => this.inner.failureStreaks(since, asOf);
  phaseCompletions: Warehouse['phaseCompletions'] = (phases, from, to, asOf) =>
    this.inner.phaseCompletions(phases, from, to, asOf);
  recordRun: Warehouse['recordRun'] = (run, results) => this.inner.recordRun(run, results);
  failingChecks: Warehouse['failingChecks'] = (since, limit, tz) =>
    this.inner.failingChecks(since, limit, tz);
  ping: Warehouse['ping'] = () => this.inner.ping();
}
