/**
 * `processor_execution_log` on BigQuery for trends and slow_processor: one parameterized query, filtered
 * on `triggered_at` (the partition column), returning the runs of the window; the statistics are the
 * domain's (`src/trends/model.ts`), the same for every adapter.
 */
import type { ProcessorRun, ProcessorRunLog } from '../../trends/model.js';
import type { QueryRunner } from './query.js';
import { tableRef } from './sql.js';
import { toDate } from './values.js';

export function processorRunsSql(table: string): string {
  return `SELECT execution_id, processor_name, phase, triggered_at, completed_at, status
FROM ${table}
WHERE triggered_at > @from AND triggered_at <= @to
ORDER BY triggered_at, processor_name`;
}

export class BigQueryProcessorRuns implements ProcessorRunLog {
  private readonly table: string;

  constructor(
    private readonly runner: QueryRunner,
    opts: { projectId: string; dataset: string },
  ) {
    this.table = tableRef(`${opts.dataset}.processor_execution_log`, opts.projectId);
  }

  async processorRuns(from: Date, to: Date): Promise<ProcessorRun[]> {
    const rows = await this.runner.query('processor_runs', processorRunsSql(this.table), {
      from: { type: 'TIMESTAMP', value: from.toISOString() },
      to: { type: 'TIMESTAMP', value: to.toISOString() },
    });
    return rows.map((r) => ({
      processor: String(r.processor_name),
      phase: String(r.phase ?? ''),
      triggeredAt: toDate(r.triggered_at)!,
      completedAt: toDate(r.completed_at),
      status: String(r.status ?? ''),
      executionId: r.execution_id == null ? undefined : String(r.execution_id),
    }));
  }
}
