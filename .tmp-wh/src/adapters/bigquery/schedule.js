/**
 * Games per date from the schedule table in BigQuery (`config.schedule`). The fast checks ask every
 * minute, so answers are cached for a while, and a stale answer beats none when BigQuery hiccups.
 */
import { dateRange } from '../../pipeline/dates.js';
import { scheduleSql } from './sql.js';
import { toInt, toIsoDate } from './values.js';
/** Why an hour: schedules change rarely (postponements), and a stale count only delays an idle/stuck verdict. */
const TTL_MS = 60 * 60_000;
export class BigQuerySchedule {
    runner;
    clock;
    cache = new Map();
    sql;
    constructor(runner, spec, projectId, clock) {
        this.runner = runner;
        this.clock = clock;
        this.sql = scheduleSql(spec, projectId);
    }
    async gamesOn(dates) {
        const now = this.clock.now().getTime();
        const stale = dates.filter((d) => {
            const hit = this.cache.get(d);
            return !hit || now - hit.at > TTL_MS;
        });
        if (stale.length) {
            const sorted = [...stale].sort();
            const from = sorted[0];
            const to = sorted[sorted.length - 1];
            try {
                const rows = await this.runner.query('schedule', this.sql, {
                    from: { type: 'DATE', value: from },
                    to: { type: 'DATE', value: to },
                });
                const found = new Map(rows.map((r) => [toIsoDate(r.d), toInt(r.n)]));
                for (const d of dateRange(from, to))
                    this.cache.set(d, { games: found.get(d) ?? 0, at: now });
            }
            catch (err) {
                if (stale.some((d) => !this.cache.has(d)))
                    throw err;
            }
        }
        return new Map(dates.map((d) => [d, this.cache.get(d).games]));
    }
}
//# sourceMappingURL=schedule.js.map