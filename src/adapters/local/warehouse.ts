/**
 * The warehouse port on the embedded store (local mode, tests): the same answers as BigQuery from SQLite
 * tables of its own (`wh_*`). A completeness target's tables are kept as (table, date value, key) rows,
 * the date value typed as in BigQuery: a DATE (`YYYY-MM-DD`), a DATETIME (`YYYY-MM-DDTHH:MM:SS`, wall
 * time) or a TIMESTAMP (an instant, dated in the pipeline's time zone by the domain's `localDate`). The
 * column names of the target only matter to BigQuery.
 */
import { localDate } from '../../pipeline/dates.js';
import type { IsoDate } from '../../pipeline/types.js';
import { lastDayAsOf } from '../../warehouse/as-of.js';
import { MISSING_KEYS_SHOWN } from '../../warehouse/completeness.js';
import type {
  CompletenessTarget,
  DayCount,
  FailingCheckStat,
  FailureStreak,
  PhaseCompletionRow,
  RunKind,
  ValidationResultRow,
  ValidationRun,
  Warehouse,
} from '../../warehouse/ports.js';
import type { Db } from './db.js';
import { SCHEMA, upgradeStore } from './warehouse-schema.js';

/** Why one CTE: both queries date rows alike, by pipeline day (the constructor registers `local_date`). */
const DAYS = `days AS (
  SELECT DISTINCT tbl, COALESCE(local_date(at, @tz), substr(date, 1, 10)) AS day, key
  FROM wh_rows WHERE tbl IN (@expected, @actual)
),
e AS (SELECT day, key FROM days WHERE tbl = @expected AND day BETWEEN @from AND @to),
a AS (SELECT day, key FROM days WHERE tbl = @actual AND day BETWEEN @from AND @to)`;

/** Why counts: the default completeness answer, expected vs actual distinct records per day. */
const COUNTS_SQL = `WITH ${DAYS},
per AS (
  SELECT day, COUNT(*) AS expected, 0 AS actual FROM e GROUP BY day
  UNION ALL SELECT day, 0, COUNT(*) FROM a GROUP BY day
)
SELECT day, SUM(expected) AS expected, SUM(actual) AS actual FROM per GROUP BY day ORDER BY day`;

/** Why a second query: `match: keys` counts only expected ids found and names the missing (≤ @shown). */
const KEYS_SQL = `WITH ${DAYS},
m AS (SELECT e.day, e.key, a.key IS NOT NULL AS found FROM e LEFT JOIN a ON a.day = e.day AND a.key = e.key)
SELECT day, COUNT(*) AS expected, SUM(found) AS actual,
  (SELECT json_group_array(key) FROM (
    SELECT key FROM m AS m2 WHERE m2.day = m.day AND NOT m2.found ORDER BY key LIMIT @shown
  )) AS missing
FROM m GROUP BY day ORDER BY day`;

/** Why: local mode runs the fast checks every minute; keep the file from growing without bound. */
const HISTORY_RETENTION_MS = 90 * 86_400_000;

export interface RunLogEntry {
  kind: RunKind;
  name: string;
  /** NULL: the log row has no status. */
  status: string | null;
  triggeredAt: Date;
  errorMessage?: string;
  /** The log's execution id, when it has one (processors). */
  runId?: string;
}

export class LocalWarehouse implements Warehouse {
  private writes = 0;

  constructor(private readonly db: Db) {
    upgradeStore(db);
    db.exec(SCHEMA);
    // The pipeline's calendar date of an instant (ms), by the same rule as the rest of the bot.
    db.function('local_date', { deterministic: true }, (ms, tz) =>
      ms === null ? null : localDate(new Date(Number(ms)), String(tz)),
    );
  }

  /** Rules in `Warehouse.dailyCounts` and `CompletenessTarget.match`. */
  async dailyCounts(
    target: CompletenessTarget,
    from: IsoDate,
    to: IsoDate,
    tz: string,
    asOf?: Date,
  ): Promise<DayCount[]> {
    const last = lastDayAsOf(to, asOf, tz);
    if (last < from) return [];
    const params = { expected: target.expected.table, actual: target.actual.table, from, to: last, tz };
    const keys = target.match === 'keys';
    const rows = this.db
      .prepare(keys ? KEYS_SQL : COUNTS_SQL)
      .all(keys ? { ...params, shown: MISSING_KEYS_SHOWN } : params) as {
      day: string;
      expected: number;
      actual: number;
      missing?: string;
    }[];
    return rows.map((r) => ({
      date: r.day,
      expected: r.expected,
      actual: r.actual,
      ...(r.missing !== undefined ? { missing: JSON.parse(r.missing) as string[] } : {}),
    }));
  }

  /** The rules of `FailureStreak`, in SQLite (`failed`: 1, 0, or NULL for unknown status). */
  async failureStreaks(since: Date, asOf?: Date): Promise<FailureStreak[]> {
    const rows = this.db
      .prepare(
        `WITH runs AS (
          SELECT kind, name, MIN(triggered_at) AS triggered_at, MAX(status = 'failed') AS failed,
            MAX(error_message) AS error_message
          FROM wh_runs WHERE triggered_at >= @since AND (@as_of IS NULL OR triggered_at <= @as_of)
          GROUP BY kind, name, COALESCE('id:' || run_id, 'at:' || triggered_at)
        ),
        per AS (
          SELECT kind, name, MAX(triggered_at) AS last_run_at,
            MAX(CASE WHEN failed IS NOT 1 THEN triggered_at END) AS last_ok_at
          FROM runs GROUP BY kind, name
        ),
        tail AS (
          SELECT r.* FROM runs r JOIN per p ON p.kind = r.kind AND p.name = r.name
          WHERE r.failed = 1 AND (p.last_ok_at IS NULL OR r.triggered_at > p.last_ok_at)
        )
        SELECT p.kind, p.name, p.last_run_at, p.last_ok_at,
          (SELECT COUNT(*) FROM tail t WHERE t.kind = p.kind AND t.name = p.name) AS streak,
          (SELECT MIN(triggered_at) FROM tail t WHERE t.kind = p.kind AND t.name = p.name) AS streak_start,
          EXISTS (SELECT 1 FROM runs r WHERE r.kind = p.kind AND r.name = p.name
            AND r.triggered_at = p.last_ok_at AND r.failed IS NULL) AS last_ok_unknown,
          (SELECT error_message FROM tail t WHERE t.kind = p.kind AND t.name = p.name AND error_message IS NOT NULL
            ORDER BY triggered_at DESC, error_message DESC LIMIT 1) AS last_error
        FROM per p ORDER BY p.kind, p.name`,
      )
      .all({ since: since.getTime(), as_of: asOf?.getTime() ?? null }) as {
      kind: RunKind;
      name: string;
      last_run_at: number;
      last_ok_at: number | null;
      last_ok_unknown: number;
      streak: number;
      streak_start: number | null;
      last_error: string | null;
    }[];
    return rows.map((r) => ({
      kind: r.kind,
      name: r.name,
      streak: r.streak,
      streakStart: r.streak_start === null ? undefined : new Date(r.streak_start),
      lastRunAt: new Date(r.last_run_at),
      lastOkAt: r.last_ok_at === null ? undefined : new Date(r.last_ok_at),
      lastOkUnknown: r.last_ok_unknown === 1,
      lastError: r.last_error ?? undefined,
    }));
  }

  async phaseCompletions(
    phases: string[],
    from: IsoDate,
    to: IsoDate,
    asOf?: Date,
  ): Promise<PhaseCompletionRow[]> {
    if (phases.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT * FROM (
          SELECT *, ROW_NUMBER() OVER (
            PARTITION BY game_date, phase
            ORDER BY updated_at DESC, is_triggered DESC NULLS LAST, completed_processor_count DESC NULLS LAST,
              trigger_reason ASC NULLS LAST
          ) AS rn
          FROM wh_phase_completions
          WHERE game_date BETWEEN ? AND ? AND phase IN (SELECT value FROM json_each(?)) AND updated_at IS NOT NULL
            AND (? IS NULL OR updated_at <= ?)
        ) WHERE rn = 1 ORDER BY game_date, phase`,
      )
      .all(from, to, JSON.stringify(phases), asOf?.getTime() ?? null, asOf?.getTime() ?? null) as {
      game_date: string;
      phase: string;
      is_triggered: number | null;
      trigger_reason: string | null;
      completed_processor_count: number | null;
      updated_at: number;
    }[];
    return rows.map((r) => ({
      gameDate: r.game_date,
      phase: r.phase,
      isTriggered: r.is_triggered === null ? null : r.is_triggered === 1,
      triggerReason: r.trigger_reason ?? undefined,
      completedProcessorCount: r.completed_processor_count ?? undefined,
      updatedAt: new Date(r.updated_at),
    }));
  }

  async recordRun(run: ValidationRun, results: ValidationResultRow[]): Promise<void> {
    const insertRun = this.db.prepare(
      `INSERT OR IGNORE INTO wh_validation_runs (run_id, started_at, finished_at, trigger, status, checks_run, checks_failed)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertResult = this.db.prepare(
      `INSERT OR IGNORE INTO wh_validation_results (run_id, check_id, subject, status, summary, details, observed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      insertRun.run(
        run.runId,
        run.startedAt.getTime(),
        run.finishedAt.getTime(),
        run.trigger,
        run.status,
        run.checksRun,
        run.checksFailed,
      );
      for (const r of results) {
        insertResult.run(
          r.runId,
          r.check,
          r.subject,
          r.status,
          r.summary,
          JSON.stringify(r.details),
          r.observedAt.getTime(),
        );
      }
    })();
    if (this.writes++ % 500 === 0) this.prune(run.startedAt.getTime() - HISTORY_RETENTION_MS);
  }

  /** The rules of `Warehouse.failingChecks`; `local_date` is the domain's `localDate` (see the constructor). */
  async failingChecks(since: Date, limit: number, tz: string): Promise<FailingCheckStat[]> {
    const rows = this.db
      .prepare(
        `WITH f AS (
          SELECT * FROM wh_validation_results WHERE observed_at >= @since AND status IN ('fail', 'error')
        ),
        latest AS (
          SELECT check_id, subject, summary,
            ROW_NUMBER() OVER (PARTITION BY check_id ORDER BY observed_at DESC, subject, summary) AS rn FROM f
        )
        SELECT f.check_id, COUNT(*) AS failures, COUNT(DISTINCT f.subject) AS subjects,
          COUNT(DISTINCT local_date(f.observed_at, @tz)) AS days, MAX(f.observed_at) AS last_seen,
          l.subject AS last_subject, l.summary AS last_summary
        FROM f JOIN latest l ON l.check_id = f.check_id AND l.rn = 1
        GROUP BY f.check_id
        ORDER BY days DESC, failures DESC, f.check_id
        LIMIT @limit`,
      )
      .all({ since: since.getTime(), limit, tz }) as {
      check_id: string;
      failures: number;
      subjects: number;
      days: number;
      last_seen: number;
      last_subject: string;
      last_summary: string;
    }[];
    return rows.map((r) => ({
      check: r.check_id,
      failures: r.failures,
      subjects: r.subjects,
      days: r.days,
      lastSeen: new Date(r.last_seen),
      lastSubject: r.last_subject,
      lastSummary: r.last_summary,
    }));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1 FROM wh_validation_runs LIMIT 1').get();
  }

  // Seeding (demo, tests).

  /**
   * Rows of a completeness table, all with the same date value: a DATE or DATETIME as text, a TIMESTAMP as a
   * `Date`. A NULL key is not a record (as `COUNT(DISTINCT)` in SQL), so none is kept.
   */
  addRows(table: string, date: string | Date, keys: (string | null)[]): void {
    const stmt = this.db.prepare('INSERT INTO wh_rows (tbl, date, at, key) VALUES (?, ?, ?, ?)');
    const [text, at] = date instanceof Date ? [null, date.getTime()] : [date, null];
    this.db.transaction(() => {
      for (const k of keys) if (k !== null) stmt.run(table, text, at, k);
    })();
  }

  addRuns(entries: RunLogEntry[]): void {
    const stmt = this.db.prepare(
      'INSERT INTO wh_runs (kind, name, status, triggered_at, error_message, run_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const e of entries)
        stmt.run(e.kind, e.name, e.status, e.triggeredAt.getTime(), e.errorMessage ?? null, e.runId ?? null);
    })();
  }

  addPhaseCompletions(rows: PhaseCompletionRow[]): void {
    const stmt = this.db.prepare(
      `INSERT INTO wh_phase_completions (game_date, phase, is_triggered, trigger_reason, completed_processor_count, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const r of rows) {
        stmt.run(
          r.gameDate,
          r.phase,
          r.isTriggered === null ? null : r.isTriggered ? 1 : 0,
          r.triggerReason ?? null,
          r.completedProcessorCount ?? null,
          r.updatedAt?.getTime() ?? null,
        );
      }
    })();
  }

  private prune(before: number): void {
    this.db.prepare('DELETE FROM wh_validation_results WHERE observed_at < ?').run(before);
    this.db.prepare('DELETE FROM wh_validation_runs WHERE started_at < ?').run(before);
  }
}
