/** The warehouse port on BigQuery (SPEC §8): reads the pipeline's tables, writes the check history. */
import type { IsoDate } from '../../pipeline/types.js';
import { lastDayAsOf } from '../../warehouse/as-of.js';
import type {
  CompletenessTarget,
  DayCount,
  FailingCheckStat,
  FailureStreak,
  PhaseCompletionRow,
  ValidationResultRow,
  ValidationRun,
  Warehouse,
} from '../../warehouse/ports.js';
import { DateColumns, dayParams } from './date-columns.js';
import type { Param, QueryRunner } from './query.js';
import {
  dailyCountsSql,
  dailyKeysSql,
  failingChecksSql,
  failureStreaksSql,
  type OwnTable,
  phaseCompletionsSql,
  tableRef,
} from './sql.js';
import { toBool, toDate, toInt, toIsoDate, toStr } from './values.js';

export interface BigQueryWarehouseOptions {
  projectId: string;
  /** The bot's dataset (`BIGQUERY_DATASET`, default `nba_orchestration`). */
  dataset: string;
}

/** `@as_of` of a replay's read (absent live: the query has no as-of clause). */
const asOfParam = (asOf?: Date): Record<string, Param> =>
  asOf ? { as_of: { type: 'TIMESTAMP', value: asOf.toISOString() } } : {};

export class BigQueryWarehouse implements Warehouse {
  private readonly own: OwnTable;

  constructor(
    private readonly runner: QueryRunner,
    private readonly opts: BigQueryWarehouseOptions,
    private readonly dateColumns: DateColumns = new DateColumns(runner, opts.projectId),
  ) {
    this.own = (name) => tableRef(`${opts.dataset}.${name}`, opts.projectId);
    this.own('phase_completions'); // validates the dataset name at construction
  }

  async dailyCounts(
    target: CompletenessTarget,
    from: IsoDate,
    to: IsoDate,
    tz: string,
    asOf?: Date,
  ): Promise<DayCount[]> {
    const last = lastDayAsOf(to, asOf, tz);
    if (last < from) return [];
    const columns = await Promise.all([
      this.dateColumns.of(target.expected),
      this.dateColumns.of(target.actual),
    ]);
    const keys = target.match === 'keys';
    const rows = await this.runner.query(
      keys ? 'daily_keys' : 'daily_counts',
      (keys ? dailyKeysSql : dailyCountsSql)(columns[0], columns[1], this.opts.projectId),
      dayParams(from, last, tz, columns),
    );
    return rows.map((r) => ({
      date: toIsoDate(r.date),
      expected: toInt(r.expected),
      actual: toInt(r.actual),
      ...(keys ? { missing: Array.isArray(r.missing) ? r.missing.map(String) : [] } : {}),
    }));
  }

  async failureStreaks(since: Date, asOf?: Date): Promise<FailureStreak[]> {
    const rows = await this.runner.query('failure_streaks', failureStreaksSql(this.own, { asOf: !!asOf }), {
      since: { type: 'TIMESTAMP', value: since.toISOString() },
      ...asOfParam(asOf),
    });
    return rows.map((r) => ({
      kind: r.kind === 'processor' ? 'processor' : 'scraper',
      name: String(r.name),
      streak: toInt(r.streak),
      streakStart: toDate(r.streak_start),
      lastRunAt: toDate(r.last_run_at)!,
      lastOkAt: toDate(r.last_ok_at),
      lastOkUnknown: toBool(r.last_ok_unknown),
      lastError: toStr(r.last_error),
    }));
  }

  async phaseCompletions(
    phases: string[],
    from: IsoDate,
    to: IsoDate,
    asOf?: Date,
  ): Promise<PhaseCompletionRow[]> {
    if (phases.length === 0) return [];
    const sql = phaseCompletionsSql(this.own, { asOf: !!asOf });
    const rows = await this.runner.query('phase_completions', sql, {
      phases: { type: ['STRING'], value: phases },
      from: { type: 'DATE', value: from },
      to: { type: 'DATE', value: to },
      ...asOfParam(asOf),
    });
    return rows.map((r) => ({
      gameDate: toIsoDate(r.game_date),
      phase: String(r.phase),
      isTriggered: r.is_triggered == null ? null : toBool(r.is_triggered),
      triggerReason: toStr(r.trigger_reason),
      completedProcessorCount:
        r.completed_processor_count == null ? undefined : toInt(r.completed_processor_count),
      updatedAt: toDate(r.updated_at),
    }));
  }

  async recordRun(run: ValidationRun, results: ValidationResultRow[]): Promise<void> {
    const runRow = {
      insertId: run.runId,
      json: {
        run_id: run.runId,
        started_at: run.startedAt.toISOString(),
        finished_at: run.finishedAt.toISOString(),
        trigger: run.trigger,
        status: run.status,
        checks_run: run.checksRun,
        checks_failed: run.checksFailed,
      },
    };
    const resultRows = results.map((r) => ({
      // Deterministic, so a retried insert of the same run is de-duplicated by BigQuery.
      insertId: `${r.runId}:${r.check}:${r.subject}`,
      json: {
        run_id: r.runId,
        check: r.check,
        subject: r.subject,
        status: r.status,
        summary: r.summary,
        details: JSON.stringify(r.details),
        observed_at: r.observedAt.toISOString(),
      },
    }));
    await this.runner.insert(this.opts.dataset, 'validation_results', resultRows);
    await this.runner.insert(this.opts.dataset, 'validation_runs', [runRow]);
  }

  async failingChecks(since: Date, limit: number, tz: string): Promise<FailingCheckStat[]> {
    const rows = await this.runner.query('failing_checks', failingChecksSql(this.own), {
      since: { type: 'TIMESTAMP', value: since.toISOString() },
      tz: { type: 'STRING', value: tz },
      limit: { type: 'INT64', value: limit },
    });
    return rows.map((r) => ({
      check: String(r.check),
      failures: toInt(r.failures),
      subjects: toInt(r.subjects),
      days: toInt(r.days),
      lastSeen: toDate(r.last_seen)!,
      lastSubject: String(r.last_subject ?? ''),
      lastSummary: String(r.last_summary ?? ''),
    }));
  }

  async ping(): Promise<void> {
    const bq = await this.runner.bigquery();
    await bq.dataset(this.opts.dataset).get();
  }
}
