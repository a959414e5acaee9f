/**
 * The tables the bot READS from BigQuery (SPEC §8), as `TableSchema`s: the pipeline's own logs in the
 * bot's dataset, and the completeness tables named by config (only the columns the bot touches). The
 * ZetaSQL-backed test fake builds its catalog from these, so a query naming a column that is not here fails.
 */
import type { Config } from '../../config.js';
import type { ColumnType, TableSchema } from '../../warehouse/table-schema.js';

/** Why these columns: SPEC §8's `phase_completions`, as `reconcile` reads it (nothing more). */
export const PHASE_COMPLETIONS: TableSchema = {
  name: 'phase_completions',
  description:
    'One row per update of a phase completion (SPEC §8); the latest row per (game_date, phase) wins.',
  partitionColumn: 'game_date',
  columns: [
    { name: 'game_date', type: 'DATE', description: 'Game date the phase worked on.' },
    { name: 'phase', type: 'STRING', description: 'Phase id, e.g. `phase2`.' },
    { name: 'is_triggered', type: 'BOOL', description: 'Whether the next phase was triggered.' },
    { name: 'trigger_reason', type: 'STRING', description: 'Why it was (or was not) triggered.' },
    { name: 'completed_processor_count', type: 'INT64', description: 'Processors done so far.' },
    { name: 'updated_at', type: 'TIMESTAMP', description: 'When this row was written.' },
  ],
};

/** Why these columns: SPEC §8's `scraper_execution_log`, as `consecutive_failures` reads it. */
export const SCRAPER_EXECUTION_LOG: TableSchema = {
  name: 'scraper_execution_log',
  description: 'One row per scraper run (SPEC §8); status success|failed|no_data.',
  partitionColumn: 'triggered_at',
  columns: [
    { name: 'scraper_name', type: 'STRING', description: 'Scraper id.' },
    { name: 'status', type: 'STRING', description: 'success, failed or no_data.' },
    { name: 'triggered_at', type: 'TIMESTAMP', description: 'When the run started.' },
    { name: 'game_date', type: 'DATE', description: 'Game date scraped.' },
    { name: 'error_message', type: 'STRING', description: 'Error of a failed run.' },
  ],
};

/** Why these columns: SPEC §8's `processor_execution_log`, read by `consecutive_failures` and trends. */
export const PROCESSOR_EXECUTION_LOG: TableSchema = {
  name: 'processor_execution_log',
  description: 'One row per processor run (SPEC §8); status success|failed|partial|skipped.',
  partitionColumn: 'triggered_at',
  columns: [
    {
      name: 'execution_id',
      type: 'STRING',
      description: 'Id of the run (the same run may be logged twice).',
    },
    { name: 'processor_name', type: 'STRING', description: 'Processor id.' },
    { name: 'phase', type: 'STRING', description: 'Phase the processor belongs to.' },
    { name: 'triggered_at', type: 'TIMESTAMP', description: 'When the run started.' },
    { name: 'completed_at', type: 'TIMESTAMP', description: 'When the run ended.' },
    { name: 'status', type: 'STRING', description: 'success, failed, partial or skipped.' },
    { name: 'data_date', type: 'DATE', description: 'Date of the data processed.' },
    { name: 'records_processed', type: 'INT64', description: 'Rows written.' },
    { name: 'error_type', type: 'STRING', description: 'Error class of a failed run.' },
    { name: 'error_message', type: 'STRING', description: 'Error of a failed run.' },
  ],
};

/** Why a list: the dataset's pipeline tables the bot reads, in one place for the test fake's catalog. */
export const READ_TABLES: TableSchema[] = [PHASE_COMPLETIONS, SCRAPER_EXECUTION_LOG, PROCESSOR_EXECUTION_LOG];

/** The columns of one completeness table the bot reads: its date (partition) column and its key. */
export function countTableSchema(
  spec: { table: string; date_column: string; count_distinct: string },
  dateType: ColumnType = 'DATE',
): TableSchema {
  return {
    name: spec.table.split('.').pop()!,
    description: `Completeness table ${spec.table} (from config).`,
    partitionColumn: spec.date_column,
    columns: [
      { name: spec.date_column, type: dateType, description: 'Date (partition) column.' },
      { name: spec.count_distinct, type: 'STRING', description: 'Key counted per date.' },
    ],
  };
}

/** Every completeness and schedule table named by config, by its `[project.]dataset.table` reference. */
export function configuredReadSchemas(config: Pick<Config, 'checks' | 'schedule'>): Map<string, TableSchema> {
  const specs = [
    ...config.checks.completeness.targets.flatMap((t) => [t.expected, t.actual]),
    ...(config.schedule ? [config.schedule] : []),
  ];
  const out = new Map<string, TableSchema>();
  for (const spec of specs) {
    const schema = countTableSchema(spec);
    const known = out.get(spec.table)?.columns ?? [];
    // One table may serve several specs (the schedule and a target's expected side): merge their columns.
    const columns = [...known, ...schema.columns.filter((c) => !known.some((k) => k.name === c.name))];
    out.set(spec.table, { ...schema, columns });
  }
  return out;
}
