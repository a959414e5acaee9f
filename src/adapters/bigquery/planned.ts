/**
 * Every query the bot runs against BigQuery, with the parameters a real run would pass, so `doctor` can
 * submit each one with `dryRun: true` (BigQuery validates SQL, tables, columns and permissions, and reports
 * the bytes it would scan). Built from the same SQL functions the warehouse adapter uses.
 */
import { STREAK_LOOKBACK_DAYS } from '../../checks/consecutive-failures.js';
import { phaseNames } from '../../checks/reconcile.js';
import type { Config } from '../../config.js';
import { addDays, localDate } from '../../pipeline/dates.js';
import type { Param } from './query.js';
import {
  dailyCountsSql,
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

/** Why 30 days: `history` and the digest read the failing checks of the last 30 days (warehouse/history.ts). */
const FAILING_CHECKS_DAYS = 30;

type QueryConfig = Pick<
  Config,
  'project' | 'bigqueryDataset' | 'schedule' | 'checks' | 'transitions' | 'timezone'
>;

export function plannedQueries(config: QueryConfig, now: Date): PlannedQuery[] {
  const project = config.project!;
  const own = (name: string) => tableRef(`${config.bigqueryDataset}.${name}`, project);
  const today = localDate(now, config.timezone);
  const days = (n: number) =>
    ({ from: { type: 'DATE', value: addDays(today, -n) }, to: { type: 'DATE', value: today } }) as const;
  const since = (n: number): Param => ({
    type: 'TIMESTAMP',
    value: new Date(now.getTime() - n * 86_400_000).toISOString(),
  });
  const completeness = config.checks.completeness;
  const queries: PlannedQuery[] = completeness.targets.map((t) => ({
    name: `daily_counts (${t.name})`,
    label: 'daily_counts',
    sql: dailyCountsSql(t.expected, t.actual, project),
    params: days(completeness.lookback_days),
  }));
  if (config.schedule)
    queries.push({
      name: 'schedule',
      label: 'schedule',
      sql: scheduleSql(config.schedule, project),
      params: days(10),
    });
  queries.push(
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
        ...days(config.checks.reconcile.lookback_days),
        phases: { type: ['STRING'], value: config.transitions.flatMap(phaseNames) },
      },
    },
    {
      name: 'failing_checks',
      label: 'failing_checks',
      sql: failingChecksSql(own),
      params: { since: since(FAILING_CHECKS_DAYS), limit: { type: 'INT64', value: 10 } },
    },
  );
  return queries;
}
