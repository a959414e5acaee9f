/** Wires the BigQuery adapters from config. The client library itself loads on the first query. */
import type { Config } from '../../config.js';
import type { Clock, ScheduleSource } from '../../ports.js';
import { createBigQuery } from './client.js';
import { DateColumns } from './date-columns.js';
import { QueryRunner } from './query.js';
import { BigQuerySchedule } from './schedule.js';
import { BigQueryWarehouse } from './warehouse.js';

export interface BigQueryAdapters {
  runner: QueryRunner;
  warehouse: BigQueryWarehouse;
  /** Set when `config.schedule` names the schedule table. */
  schedule?: ScheduleSource;
}

export function createBigQueryWarehouse(
  config: Pick<
    Config,
    | 'project'
    | 'bigqueryDataset'
    | 'bigqueryLocation'
    | 'bigqueryEmulatorHost'
    | 'schedule'
    | 'checks'
    | 'timezone'
  >,
  clock: Clock,
  opts: { timeoutMs?: number; maxRetries?: number } = {},
): BigQueryAdapters {
  const projectId = config.project!;
  const runner = new QueryRunner(
    () =>
      createBigQuery({
        projectId,
        emulatorHost: config.bigqueryEmulatorHost,
        location: config.bigqueryLocation,
        maxRetries: opts.maxRetries,
      }),
    {
      location: config.bigqueryLocation,
      maximumBytesBilled: config.checks.maximum_bytes_billed,
      timeoutMs: opts.timeoutMs,
    },
  );
  const dateColumns = new DateColumns(runner, projectId);
  return {
    runner,
    warehouse: new BigQueryWarehouse(runner, { projectId, dataset: config.bigqueryDataset }, dateColumns),
    schedule: config.schedule
      ? new BigQuerySchedule(runner, config.schedule, projectId, clock, dateColumns, config.timezone)
      : undefined,
  };
}
