/**
 * Games per date from the schedule table in BigQuery (`config.schedule`). The fast checks ask every
 * minute, so answers are cached for a while, and a stale answer beats none when BigQuery hiccups.
 */
import { dateRange } from '../../pipeline/dates.js';
import type { IsoDate } from '../../pipeline/types.js';
import type { Clock, ScheduleSource } from '../../ports.js';
import type { CountSpec } from '../../warehouse/ports.js';
import { type DateColumns, dayParams } from './date-columns.js';
import type { QueryRunner } from './query.js';
import { scheduleSql } from './sql.js';
import { toInt, toIsoDate } from './values.js';

/** Why an hour: schedules change rarely (postponements), and a stale count only delays an idle/stuck verdict. */
const TTL_MS = 60 * 60_000;

export class BigQuerySchedule implements ScheduleSource {
  private readonly cache = new Map<IsoDate, { games: number; at: number }>();

  constructor(
    private readonly runner: QueryRunner,
    private readonly spec: CountSpec,
    private readonly projectId: string,
    private readonly clock: Clock,
    private readonly dateColumns: DateColumns,
    /** The pipeline's time zone (dates of a TIMESTAMP column). */
    private readonly tz: string,
  ) {}

  async gamesOn(dates: IsoDate[]): Promise<Map<IsoDate, number>> {
    const now = this.clock.now().getTime();
    const stale = dates.filter((d) => {
      const hit = this.cache.get(d);
      return !hit || now - hit.at > TTL_MS;
    });
    if (stale.length) {
      const sorted = [...stale].sort();
      const from = sorted[0]!;
      const to = sorted[sorted.length - 1]!;
      try {
        const date = await this.dateColumns.of(this.spec);
        const rows = await this.runner.query(
          'schedule',
          scheduleSql(date, this.projectId),
          dayParams(from, to, this.tz, [date]),
        );
        const found = new Map(rows.map((r) => [toIsoDate(r.d), toInt(r.n)]));
        for (const d of dateRange(from, to)) this.cache.set(d, { games: found.get(d) ?? 0, at: now });
      } catch (err) {
        if (stale.some((d) => !this.cache.has(d))) throw err;
      }
    }
    return new Map(dates.map((d) => [d, this.cache.get(d)!.games]));
  }
}
