/**
 * SQL of the BigQuery warehouse. Every value is a query parameter (`@name`); the only text spliced in is
 * table and column names from config, validated here first. Every query filters on the table's partition
 * column. Each query starts with a `pipeline-bot:<label>` comment so it can be found in INFORMATION_SCHEMA.
 */
import { MISSING_KEYS_SHOWN } from '../../warehouse/completeness.js';
import type { CountSpec } from '../../warehouse/ports.js';

/** The column types a completeness table's date column may have. */
export type DateColumnType = 'DATE' | 'DATETIME' | 'TIMESTAMP';

export class IdentifierError extends Error {
  readonly code = 'INVALID_IDENTIFIER';
}

/** Why this pattern: project-id characters only; config text reaches SQL only once it passes (SPEC §8). */
const PROJECT = /^[a-z][a-z0-9-]{0,62}$/;
/** Why 1–1024 of letters, digits and `_`: BigQuery's own rule for dataset names. */
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;
/**
 * Why the dataset rule: stricter than BigQuery's (no Unicode, dashes, spaces), so spliced SQL stays plain.
 */
const TABLE = /^[A-Za-z0-9_]{1,1024}$/;
/** Why this pattern: BigQuery's column-name rule (letter or `_` first, at most 300 characters). */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]{0,299}$/;

export function column(name: string): string {
  if (!COLUMN.test(name)) throw new IdentifierError(`not a valid column name: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/** `dataset.table` or `project.dataset.table` → a quoted, validated, fully qualified reference. */
export function tableRef(ref: string, defaultProject: string): string {
  const parts = ref.split('.');
  const [project, dataset, table] = parts.length === 2 ? [defaultProject, parts[0]!, parts[1]!] : parts;
  if (parts.length < 2 || parts.length > 3 || !project || !dataset || !table) {
    throw new IdentifierError(
      `not a table reference ("dataset.table" or "project.dataset.table"): ${JSON.stringify(ref)}`,
    );
  }
  if (!PROJECT.test(project)) throw new IdentifierError(`not a valid project id: ${JSON.stringify(project)}`);
  if (!DATASET.test(dataset))
    throw new IdentifierError(`not a valid dataset name: ${JSON.stringify(dataset)}`);
  if (!TABLE.test(table)) throw new IdentifierError(`not a valid table name: ${JSON.stringify(table)}`);
  return `\`${project}.${dataset}.${table}\``;
}

/** Resolves a table of the bot's own dataset to a quoted reference. */
export type OwnTable = (name: string) => string;

/** A completeness table's date column, typed as its table schema says. */
export interface DateColumn {
  spec: CountSpec;
  type: DateColumnType;
}

/** Whether a query over these columns needs the pipeline's time zone (`@tz`). */
export const needsTimeZone = (columns: DateColumn[]) => columns.some((c) => c.type === 'TIMESTAMP');

/** The pipeline day of a row: a DATETIME is wall time in the pipeline's zone, a TIMESTAMP an instant. */
function dayOf(date: string, type: DateColumnType): string {
  if (type === 'DATE') return date;
  return type === 'DATETIME' ? `DATE(${date})` : `DATE(${date}, @tz)`;
}

/** Days @from..@to inclusive as a range on the column itself, so BigQuery prunes partitions. */
function inDays(date: string, type: DateColumnType): string {
  if (type === 'DATE') return `${date} BETWEEN @from AND @to`;
  if (type === 'DATETIME')
    return `${date} >= DATETIME(@from) AND ${date} < DATETIME(DATE_ADD(@to, INTERVAL 1 DAY))`;
  return `${date} >= TIMESTAMP(@from, @tz) AND ${date} < TIMESTAMP(DATE_ADD(@to, INTERVAL 1 DAY), @tz)`;
}

function countPerDate({ spec, type }: DateColumn, project: string): string {
  const date = column(spec.date_column);
  return `SELECT ${dayOf(date, type)} AS d, COUNT(DISTINCT ${column(spec.count_distinct)}) AS n
    FROM ${tableRef(spec.table, project)}
    WHERE ${inDays(date, type)}
    GROUP BY d`;
}

/** Expected and actual distinct counts per date over the whole window, in one query. */
export function dailyCountsSql(expected: DateColumn, actual: DateColumn, project: string): string {
  return `/* pipeline-bot:daily_counts */
WITH expected AS (${countPerDate(expected, project)}),
actual AS (${countPerDate(actual, project)})
SELECT COALESCE(e.d, a.d) AS date, IFNULL(e.n, 0) AS expected, IFNULL(a.n, 0) AS actual
FROM expected AS e FULL OUTER JOIN actual AS a ON e.d = a.d
ORDER BY date`;
}

function keysPerDate({ spec, type }: DateColumn, project: string): string {
  const date = column(spec.date_column);
  const key = column(spec.count_distinct);
  return `SELECT DISTINCT ${dayOf(date, type)} AS d, CAST(${key} AS STRING) AS k
    FROM ${tableRef(spec.table, project)}
    WHERE ${inDays(date, type)} AND ${key} IS NOT NULL`;
}

/** `match: keys`: expected ids per date, those with an actual row, and the first missing ones by id. */
export function dailyKeysSql(expected: DateColumn, actual: DateColumn, project: string): string {
  return `/* pipeline-bot:daily_keys */
WITH expected AS (${keysPerDate(expected, project)}),
actual AS (${keysPerDate(actual, project)}),
matched AS (
  SELECT e.d, e.k, a.k IS NOT NULL AS found
  FROM expected AS e LEFT JOIN actual AS a ON a.d = e.d AND a.k = e.k
)
SELECT d AS date, COUNT(*) AS expected, COUNTIF(found) AS actual,
  ARRAY_AGG(IF(found, NULL, k) IGNORE NULLS ORDER BY k LIMIT ${MISSING_KEYS_SHOWN}) AS missing
FROM matched
GROUP BY d
ORDER BY date`;
}

/** Games per date in the schedule (0-game dates are simply absent). */
export function scheduleSql(date: DateColumn, project: string): string {
  return `/* pipeline-bot:schedule */
${countPerDate(date, project)}`;
}

/**
 * The current streak of failed runs per scraper and processor (rules in `FailureStreak`): rows collapse
 * to distinct runs (by `execution_id` when the log has one, else by `triggered_at`); a run failed if any
 * of its rows says `failed`, has unknown status if all its statuses are NULL; a streak is every failed run
 * after the latest run that did not fail (unknown status included). One scan of each log, pruned to
 * `triggered_at >= @since` (the partition column), and with `asOf` to `triggered_at <= @as_of` (replay).
 */
export function failureStreaksSql(t: OwnTable, opts: { asOf?: boolean } = {}): string {
  const runs = `triggered_at >= @since${opts.asOf ? ' AND triggered_at <= @as_of' : ''}`;
  return `/* pipeline-bot:failure_streaks */
WITH logged AS (
  SELECT 'scraper' AS kind, scraper_name AS name, CAST(NULL AS STRING) AS run_id, status, triggered_at, error_message
  FROM ${t('scraper_execution_log')} WHERE ${runs}
  UNION ALL
  SELECT 'processor' AS kind, processor_name AS name, execution_id AS run_id, status, triggered_at, error_message
  FROM ${t('processor_execution_log')} WHERE ${runs}
),
runs AS (
  SELECT kind, name, MIN(triggered_at) AS triggered_at, LOGICAL_OR(status = 'failed') AS failed,
    MAX(error_message) AS error_message
  FROM logged
  GROUP BY kind, name, IFNULL(CONCAT('id:', run_id), CONCAT('at:', CAST(UNIX_MICROS(triggered_at) AS STRING)))
),
marked AS (
  SELECT *, MAX(IF(failed IS NOT TRUE, triggered_at, NULL)) OVER (PARTITION BY kind, name) AS last_ok_at FROM runs
),
tail AS (
  SELECT *, (failed IS TRUE AND (last_ok_at IS NULL OR triggered_at > last_ok_at)) AS in_streak FROM marked
)
SELECT kind, name,
  COUNTIF(in_streak) AS streak,
  MIN(IF(in_streak, triggered_at, NULL)) AS streak_start,
  MAX(triggered_at) AS last_run_at,
  ANY_VALUE(last_ok_at) AS last_ok_at,
  IFNULL(LOGICAL_OR(triggered_at = last_ok_at AND failed IS NULL), FALSE) AS last_ok_unknown,
  ARRAY_AGG(IF(in_streak, error_message, NULL) IGNORE NULLS ORDER BY triggered_at DESC, error_message DESC LIMIT 1)[SAFE_OFFSET(0)] AS last_error
FROM tail
GROUP BY kind, name
ORDER BY kind, name`;
}

/** The latest row per (game_date, phase) by the rule of `compareCompletions`; with `asOf`, of rows written by `@as_of`. */
export function phaseCompletionsSql(t: OwnTable, opts: { asOf?: boolean } = {}): string {
  return `/* pipeline-bot:phase_completions */
SELECT game_date, phase, is_triggered, trigger_reason, completed_processor_count, updated_at
FROM ${t('phase_completions')}
WHERE game_date BETWEEN @from AND @to AND phase IN UNNEST(@phases) AND updated_at IS NOT NULL${opts.asOf ? ' AND updated_at <= @as_of' : ''}
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY game_date, phase
  ORDER BY updated_at DESC, is_triggered DESC NULLS LAST, completed_processor_count DESC NULLS LAST,
    trigger_reason ASC NULLS LAST
) = 1
ORDER BY game_date, phase`;
}

/** Rules in `Warehouse.failingChecks`: days in `@tz`, the latest failure's subject and summary from one row. */
export function failingChecksSql(t: OwnTable): string {
  return `/* pipeline-bot:failing_checks */
WITH per_check AS (
  SELECT \`check\`,
    COUNT(*) AS failures,
    COUNT(DISTINCT subject) AS subjects,
    COUNT(DISTINCT DATE(observed_at, @tz)) AS days,
    MAX(observed_at) AS last_seen,
    ARRAY_AGG(STRUCT(subject, summary) ORDER BY observed_at DESC, subject, summary LIMIT 1)[OFFSET(0)] AS latest
  FROM ${t('validation_results')}
  WHERE observed_at >= @since AND status IN ('fail', 'error')
  GROUP BY \`check\`
)
SELECT \`check\`, failures, subjects, days, last_seen,
  latest.subject AS last_subject, latest.summary AS last_summary
FROM per_check
ORDER BY days DESC, failures DESC, \`check\`
LIMIT @limit`;
}
