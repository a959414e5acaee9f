/**
 * Schemas of the tables the bot WRITES, for the ZetaSQL catalog of the BigQuery test fake (the
 * failing-checks history query reads `validation_results`).
 */
// replaced by WRITTEN_TABLES from src/adapters/bigquery/schema.ts when it lands
import type { TableSchema } from '../../src/warehouse/table-schema.js';

export const WRITTEN_TABLES: TableSchema[] = [
  {
    name: 'validation_runs',
    description: 'One row per check run.',
    partitionColumn: 'started_at',
    columns: [
      { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'Run id.' },
      { name: 'started_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'Start of the run.' },
      { name: 'finished_at', type: 'TIMESTAMP', description: 'End of the run.' },
      { name: 'trigger', type: 'STRING', description: 'What started the run.' },
      { name: 'status', type: 'STRING', description: 'Worst status of its results.' },
      { name: 'checks_run', type: 'INT64', description: 'Checks that ran.' },
      { name: 'checks_failed', type: 'INT64', description: 'Checks with a failing result.' },
    ],
  },
  {
    name: 'validation_results',
    description: 'One row per check result.',
    partitionColumn: 'observed_at',
    clustering: ['check'],
    columns: [
      { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'Run id.' },
      { name: 'check', type: 'STRING', mode: 'REQUIRED', description: 'Check id.' },
      { name: 'subject', type: 'STRING', description: 'What the result is about.' },
      { name: 'status', type: 'STRING', description: 'ok, fail or error.' },
      { name: 'summary', type: 'STRING', description: 'One line for humans.' },
      { name: 'details', type: 'JSON', description: 'Structured facts.' },
      { name: 'observed_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When it was observed.' },
    ],
  },
];
