/**
 * The warehouse port (SPEC §3, §8): what the warehouse checks read from BigQuery and what the bot writes
 * there (check history). Implemented by the BigQuery adapter and by the embedded store of local mode.
 */
import type { CheckStatus, IsoDate } from '../pipeline/types.js';

/**
 * A table, its date (partition) column and the column whose distinct values are counted per date. A row
 * whose key is NULL is not a record (SQL's `COUNT(DISTINCT)`): a schedule row with a NULL game id is no game.
 */
export interface CountSpec {
  table: string;
  date_column: string;
  count_distinct: string;
}

export interface CompletenessTarget {
  name: string;
  expected: CountSpec;
  actual: CountSpec;
  /**
   * `count` (default): `actual` is the distinct count of the actual table, whatever its ids. `keys`: `actual`
   * counts only expected ids that have an actual row (an unknown id in the actual table counts for nothing),
   * and `missing` names the expected ids without one.
   */
  match?: 'count' | 'keys';
}

export interface DayCount {
  date: IsoDate;
  expected: number;
  actual: number;
  /** `match: keys` only: expected ids with no actual row, in text order, at most `MISSING_KEYS_SHOWN`. */
  missing?: string[];
}

export type RunKind = 'scraper' | 'processor';

/**
 * The current run of `failed` runs of one scraper or processor within the window read. Rules every adapter
 * follows:
 * - a streak counts distinct RUNS: log rows of the same run (same execution id when the log has one, else
 *   the same `triggered_at`) are one run, failed if any of its rows says `failed`;
 * - a run whose status is NULL (on all its rows) has an unknown status: it did not fail, so it ENDS a
 *   streak like any other status, and `lastOkUnknown` says so (the check shows "unknown status");
 * - ties at one instant are settled the same way everywhere (unknown status wins, the greatest error text).
 */
export interface FailureStreak {
  kind: RunKind;
  name: string;
  /** Consecutive failed runs since the last run that did not fail; 0 when the latest run did not fail. */
  streak: number;
  /** First failed run of the streak. */
  streakStart?: Date;
  lastRunAt: Date;
  /** Latest run that did not fail; absent when every run in the window failed (the streak may be longer). */
  lastOkAt?: Date;
  /** The run at `lastOkAt` has unknown (NULL) status rather than a status other than `failed`. */
  lastOkUnknown: boolean;
  /** Error message of the latest failed run of the streak. */
  lastError?: string;
}

/** One row of `phase_completions`; the latest row per (game_date, phase) wins (`phase-completions.ts`). */
export interface PhaseCompletionRow {
  gameDate: IsoDate;
  phase: string;
  /** NULL in the table: unknown. */
  isTriggered: boolean | null;
  triggerReason?: string;
  completedProcessorCount?: number;
  updatedAt?: Date;
}

export interface ValidationRun {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  trigger: string;
  /** Worst status of the run's results. */
  status: CheckStatus;
  /** Checks that ran (by id) and those with at least one `fail`/`error` result. */
  checksRun: number;
  checksFailed: number;
}

export interface ValidationResultRow {
  runId: string;
  check: string;
  subject: string;
  status: CheckStatus;
  summary: string;
  details: Record<string, unknown>;
  observedAt: Date;
}

/** How often a check failed over a period (for `history`: "what breaks most often?"). */
export interface FailingCheckStat {
  check: string;
  /** Failing results (fail or error) recorded. */
  failures: number;
  subjects: number;
  /** Distinct days (in the pipeline's time zone) with at least one failure. */
  days: number;
  lastSeen: Date;
  lastSubject: string;
  lastSummary: string;
}

/**
 * Reads take an optional `asOf` instant (replay): the answer as it would have been then, by the rules in
 * `as-of.ts`. Absent, the answer is about now (the live bot).
 */
export interface Warehouse {
  /**
   * Distinct counts per date of a target's expected and actual tables for `from`..`to` inclusive: ONE query
   * for the whole range. Dates with no rows in either table may be omitted. A row's date is its date
   * column's value: a DATE as is, a DATETIME's date (wall time in the pipeline's zone), a TIMESTAMP's date
   * in `tz` (the pipeline's time zone); day D covers [D 00:00, D+1 00:00) in `tz`.
   * With `asOf`: only days up to `lastDayAsOf(to, asOf, tz)` (`as-of.ts`); none when that is before `from`.
   */
  dailyCounts(
    target: CompletenessTarget,
    from: IsoDate,
    to: IsoDate,
    tz: string,
    asOf?: Date,
  ): Promise<DayCount[]>;
  /**
   * The current failure streak of every scraper and processor that ran since `since`; with `asOf`, the
   * streak as of then: only log rows with `triggered_at` ≤ `asOf`.
   */
  failureStreaks(since: Date, asOf?: Date): Promise<FailureStreak[]>;
  /**
   * `phase_completions` rows of the given phases for `from`..`to`: the latest row per date and phase by
   * `compareCompletions` (rows with NULL `updated_at` never win); with `asOf`, only rows with
   * `updated_at` ≤ `asOf`.
   */
  phaseCompletions(phases: string[], from: IsoDate, to: IsoDate, asOf?: Date): Promise<PhaseCompletionRow[]>;
  /** Writes one check run and its results (batched; idempotent per run id). */
  recordRun(run: ValidationRun, results: ValidationResultRow[]): Promise<void>;
  /**
   * The checks that failed most often since `since`, most days first; days are dates in `tz` (the
   * pipeline's time zone). The latest failure's subject and summary come from ONE row: the latest by
   * `observed_at`, ties broken by the smallest subject, then summary.
   */
  failingChecks(since: Date, limit: number, tz: string): Promise<FailingCheckStat[]>;
  ping(): Promise<void>;
}
