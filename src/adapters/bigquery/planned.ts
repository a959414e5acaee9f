/**
 * Every query the bot runs against BigQuery, with the parameters a real run would pass, so `doctor` can
 * submit each one with `dryRun: true` (BigQuery validates SQL, tables, columns and permissions, and reports
 * the bytes it would scan). Built from the same SQL functions the warehouse adapter uses.
 */
import { STREAK_LOOKBACK_DAYS } from '../../checks/consecutive-failures.js';
import { phaseNames } from '../../checks/reconcile.js';
import type { Config } from '../../config.js';
import { addDays, localDate } from '../../pipeline/dates.js';
import type { CountSpec } from '../../warehouse/ports.js';
import { dayParams } from './date-columns.js';
import type { Param } from './query.js';
import {
  type DateColumn,
  dailyCountsSql,
  dailyKeysSql,
  failingChecksSql,
  failureStreaksSql,
  phaseCompletionsSql,
  scheduleSql,
  tableRef,
} from './sql.js';

export interface PlannedQuery {
  /** e.g. `daily_counts (boxscores)`. */
  name: string;
  /** The runner's label (`query=<label>` on the job). */
  label: string;
  sql: string;
  params: Record<string, Param>;
}

/** Why 30 days: `history` and the digest read the failing checks of the last 30 days (checks/history.ts). */
const FAILING_CHECKS_DAYS = 30;

type QueryConfig = Pick<
  Config,
  'project' | 'bigqueryDataset' | 'schedule' | 'checks' | 'transitions' | 'timezone'
>;

/** A date column as the adapter would read it: `DateColumns.of` in production, DATE when unknown. */
export type ColumnOf = (spec: CountSpec) => Promise<DateColumn>;

const assumeDate: ColumnOf = async (spec) => ({ spec, type: 'DATE' });

export async function plannedQueries(
  config: QueryConfig,
  now: Date,
  columnOf: ColumnOf = assumeDate,
): Promise<PlannedQuery[]> {
  const project = config.project!;
  const today = localDate(now, config.timezone);
  const from = (n: number) => addDays(today, -n);
  const completeness = config.checks.completeness;
  const queries: PlannedQuery[] = await Promise.all(
    completeness.targets.map(async (t) => {
      const columns = await Promise.all([columnOf(t.expected), columnOf(t.actual)]);
      const keys = t.match === 'keys';
      return {
        name: `${keys ? 'daily_keys' : 'daily_counts'} (${t.name})`,
        label: keys ? 'daily_keys' : 'daily_counts',
        sql: (keys ? dailyKeysSql : dailyCountsSql)(columns[0], columns[1], project),
        params: dayParams(from(completeness.lookback_days), today, config.timezone, columns),
      };
    }),
  );
  if (config.schedule) {
    const column = await columnOf(config.schedule);
    queries.push({
      name: 'schedule',
      label: 'schedule',
      sql: scheduleSql(column, project),
      params: dayParams(from(10), today, config.timezone, [column]),
    });
  }
  return [...queries, ...ownTableQueries(config, now, today)];
}

/** The queries over the bot's own and the pipeline's log tables (streaks, phase completions, failing checks). */
function ownTableQueries(config: QueryConfig, now: Date, today: string): PlannedQuery[] {
  const own = (name: string) => tableRef(`${config.bigqueryDataset}.${name}`, config.project!);
  const since = (n: number): Param => ({
    type: 'TIMESTAMP',
    value: new Date(now.getTime() - n * 86_400_000).toISOString(),
  });
  const lookback = config.checks.reconcile.lookback_days;
  return [
    {
      name: 'failure_streaks',
      label: 'failure_streaks',
      sql: failureStreaksSql(own),
      params: { since: since(STREAK_LOOKBACK_DAYS) },
    },
    {
      name: 'phase_completions',
      label: 'phase_completions',
      sql: phaseCompletionsSql(own),
      params: {
        from: { type: 'DATE', value: addDays(today, -lookback) },
        to: { type: 'DATE', value: today },
        phases: { type: ['STRING'], value: config.transitions.flatMap(phaseNames) },
      },
    },
    {
      name: 'failing_checks',
      label: 'failing_checks',
      sql: failingChecksSql(own),
      params: {
        since: since(FAILING_CHECKS_DAYS),
        tz: { type: 'STRING', value: config.timezone },
        limit: { type: 'INT64', value: 10 },
      },
    },
  ];
}
