/**
 * Every BigQuery table the bot writes (SPEC §5, §8, §10), column for column as the code inserts them:
 * `validation_runs` / `validation_results` (warehouse.ts `recordRun`), `healing_events` (heal/columns.ts
 * `healRow`) and `dlq_messages` (§10). `pipeline-bot setup` creates them from this list, `doctor` checks
 * them against it, and `docs/bigquery.sql` is generated from it (`npm run docs:sql`).
 */
import type { TableSchema } from '../../warehouse/table-schema.js';

/** Why this layout: runs are read by time (partition on started_at) and filtered by outcome (clustering). */
export const VALIDATION_RUNS: TableSchema = {
  name: 'validation_runs',
  description: 'pipeline-bot: one row per check run (insertId = run_id).',
  partitionColumn: 'started_at',
  clustering: ['trigger', 'status'],
  columns: [
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'Unique id of the check run.' },
    { name: 'started_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the run started.' },
    { name: 'finished_at', type: 'TIMESTAMP', description: 'When the run finished.' },
    { name: 'trigger', type: 'STRING', description: 'What started the run: cron, task or cli.' },
    { name: 'status', type: 'STRING', description: 'Worst result status of the run: ok, warn, fail, error.' },
    { name: 'checks_run', type: 'INT64', description: 'Checks that ran.' },
    { name: 'checks_failed', type: 'INT64', description: 'Checks with at least one fail or error result.' },
  ],
};

/** Why: `history` filters on observed_at (the partition) and groups by check and status (the clustering). */
export const VALIDATION_RESULTS: TableSchema = {
  name: 'validation_results',
  description: 'pipeline-bot: one row per check result, for trends (insertId = run_id:check:subject).',
  partitionColumn: 'observed_at',
  clustering: ['check', 'status', 'subject'],
  columns: [
    { name: 'run_id', type: 'STRING', mode: 'REQUIRED', description: 'The run (validation_runs.run_id).' },
    { name: 'check', type: 'STRING', mode: 'REQUIRED', description: 'Check id, e.g. stuck, completeness.' },
    {
      name: 'subject',
      type: 'STRING',
      mode: 'REQUIRED',
      description: 'What was checked, e.g. a transition:date.',
    },
    { name: 'status', type: 'STRING', mode: 'REQUIRED', description: 'ok, warn, fail or error.' },
    { name: 'summary', type: 'STRING', description: 'One-line verdict.' },
    { name: 'details', type: 'JSON', description: 'Structured details of the result.' },
    {
      name: 'observed_at',
      type: 'TIMESTAMP',
      mode: 'REQUIRED',
      description: 'When the result was observed.',
    },
  ],
};

/** Why: the columns are SPEC §5's heal event fields, in that order (heal/columns.ts HEAL_EVENT_COLUMNS; a test keeps names, types and modes so). */
export const HEALING_EVENTS: TableSchema = {
  name: 'healing_events',
  description: 'pipeline-bot: heal events (SPEC §5), one row per status change (insertId = heal_id:status).',
  partitionColumn: 'requested_at',
  clustering: ['transition', 'status'],
  columns: [
    { name: 'heal_id', type: 'STRING', mode: 'REQUIRED', description: 'Unique id of the heal.' },
    {
      name: 'transition',
      type: 'STRING',
      mode: 'REQUIRED',
      description: 'Transition id, e.g. phase2_to_phase3.',
    },
    { name: 'game_date', type: 'DATE', mode: 'REQUIRED', description: 'Date of the run that was healed.' },
    { name: 'source', type: 'STRING', description: 'button, slash, cli or auto.' },
    { name: 'requested_by', type: 'STRING', description: 'Slack user id, OS user (cli) or auto.' },
    {
      name: 'status',
      type: 'STRING',
      mode: 'REQUIRED',
      description: 'requested, triggered, failed, denied, refused or duplicate.',
    },
    { name: 'reason', type: 'STRING', description: 'Why it was refused, denied or forced.' },
    { name: 'job_name', type: 'STRING', description: 'Cloud Scheduler job that was run (scheduler_job).' },
    { name: 'location', type: 'STRING', description: 'Region of the job (scheduler_job).' },
    {
      name: 'trigger_command',
      type: 'STRING',
      description: 'The equivalent command by hand (gcloud / curl).',
    },
    { name: 'processors_complete', type: 'INT64', description: 'Expected processors in when requested (n).' },
    { name: 'expected_processors', type: 'INT64', description: 'Expected processors (N).' },
    {
      name: 'requested_at',
      type: 'TIMESTAMP',
      mode: 'REQUIRED',
      description: 'When the heal was requested.',
    },
    { name: 'finished_at', type: 'TIMESTAMP', description: 'When the job call finished.' },
    { name: 'error', type: 'STRING', description: 'Error of a failed heal action.' },
    { name: 'verified', type: 'STRING', description: 'started or not_started once verified, else null.' },
    {
      name: 'action',
      type: 'STRING',
      description: 'Heal action: scheduler_job, pubsub or http (null on events from before actions).',
    },
    {
      name: 'action_ref',
      type: 'STRING',
      description: 'Pub/Sub message id, HTTP status, or Cloud Scheduler job name.',
    },
  ],
};

/** Why: SPEC §10 names these columns and the partitioning on recorded_at; the DLQ check writes it. */
export const DLQ_MESSAGES: TableSchema = {
  name: 'dlq_messages',
  description: 'pipeline-bot: messages seen on the dead-letter subscriptions (SPEC §10).',
  partitionColumn: 'recorded_at',
  clustering: ['subscription', 'source_topic'],
  columns: [
    { name: 'message_id', type: 'STRING', mode: 'REQUIRED', description: 'Pub/Sub message id.' },
    { name: 'subscription', type: 'STRING', mode: 'REQUIRED', description: 'Dead-letter subscription.' },
    { name: 'source_topic', type: 'STRING', description: 'Topic the message was first published to.' },
    { name: 'publish_time', type: 'TIMESTAMP', description: 'When it was published.' },
    { name: 'delivery_attempt', type: 'INT64', description: 'Delivery attempts before dead-lettering.' },
    { name: 'attributes', type: 'JSON', description: 'Message attributes.' },
    { name: 'data', type: 'STRING', description: 'Message data as text.' },
    { name: 'game_date', type: 'DATE', description: 'Game date the message was about, when known.' },
    { name: 'recorded_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'When the bot recorded it.' },
    { name: 'handled', type: 'STRING', description: 'How it was handled (replayed, dismissed), else null.' },
  ],
};

/** Why one list: setup, doctor and docs/bigquery.sql all read it; creation order = the order in the file. */
export const WRITTEN_TABLES: TableSchema[] = [
  VALIDATION_RUNS,
  VALIDATION_RESULTS,
  HEALING_EVENTS,
  DLQ_MESSAGES,
];
