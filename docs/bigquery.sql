-- Tables pipeline-bot writes, in its dataset (BIGQUERY_DATASET, default nba_orchestration).
-- Generated from src/adapters/bigquery/schema.ts by `npm run docs:sql`: do not edit by hand.
-- `pipeline-bot setup` creates these tables (and adds columns a later version needs); this file is
-- for review, or for creating the tables by hand with `bq query --use_legacy_sql=false < docs/bigquery.sql`.

CREATE TABLE IF NOT EXISTS `nba_orchestration.validation_runs` (
  `run_id` STRING NOT NULL OPTIONS(description = "Unique id of the check run."),
  `started_at` TIMESTAMP NOT NULL OPTIONS(description = "When the run started."),
  `finished_at` TIMESTAMP OPTIONS(description = "When the run finished."),
  `trigger` STRING OPTIONS(description = "What started the run: cron, task or cli."),
  `status` STRING OPTIONS(description = "Worst result status of the run: ok, warn, fail, error."),
  `checks_run` INT64 OPTIONS(description = "Checks that ran."),
  `checks_failed` INT64 OPTIONS(description = "Checks with at least one fail or error result.")
)
PARTITION BY DATE(`started_at`)
CLUSTER BY `trigger`, `status`
OPTIONS(description = "pipeline-bot: one row per check run (insertId = run_id).");

CREATE TABLE IF NOT EXISTS `nba_orchestration.validation_results` (
  `run_id` STRING NOT NULL OPTIONS(description = "The run (validation_runs.run_id)."),
  `check` STRING NOT NULL OPTIONS(description = "Check id, e.g. stuck, completeness."),
  `subject` STRING NOT NULL OPTIONS(description = "What was checked, e.g. a transition:date."),
  `status` STRING NOT NULL OPTIONS(description = "ok, warn, fail or error."),
  `summary` STRING OPTIONS(description = "One-line verdict."),
  `details` JSON OPTIONS(description = "Structured details of the result."),
  `observed_at` TIMESTAMP NOT NULL OPTIONS(description = "When the result was observed.")
)
PARTITION BY DATE(`observed_at`)
CLUSTER BY `check`, `status`, `subject`
OPTIONS(description = "pipeline-bot: one row per check result, for trends (insertId = run_id:check:subject).");

CREATE TABLE IF NOT EXISTS `nba_orchestration.healing_events` (
  `heal_id` STRING NOT NULL OPTIONS(description = "Unique id of the heal."),
  `transition` STRING NOT NULL OPTIONS(description = "Transition id, e.g. phase2_to_phase3."),
  `game_date` DATE NOT NULL OPTIONS(description = "Date of the run that was healed."),
  `source` STRING OPTIONS(description = "button, slash, cli or auto."),
  `requested_by` STRING OPTIONS(description = "Slack user id, OS user (cli) or auto."),
  `status` STRING NOT NULL OPTIONS(description = "requested, triggered, failed, denied, refused or duplicate."),
  `reason` STRING OPTIONS(description = "Why it was refused, denied or forced."),
  `job_name` STRING OPTIONS(description = "Cloud Scheduler job that was run (scheduler_job)."),
  `location` STRING OPTIONS(description = "Region of the job (scheduler_job)."),
  `trigger_command` STRING OPTIONS(description = "The equivalent command by hand (gcloud / curl)."),
  `processors_complete` INT64 OPTIONS(description = "Expected processors in when requested (n)."),
  `expected_processors` INT64 OPTIONS(description = "Expected processors (N)."),
  `requested_at` TIMESTAMP NOT NULL OPTIONS(description = "When the heal was requested."),
  `finished_at` TIMESTAMP OPTIONS(description = "When the job call finished."),
  `error` STRING OPTIONS(description = "Error of a failed heal action."),
  `verified` STRING OPTIONS(description = "started or not_started once verified, else null."),
  `action` STRING OPTIONS(description = "Heal action: scheduler_job, pubsub or http (null on events from before actions)."),
  `action_ref` STRING OPTIONS(description = "Pub/Sub message id, HTTP status, or Cloud Scheduler job name.")
)
PARTITION BY DATE(`requested_at`)
CLUSTER BY `transition`, `status`
OPTIONS(description = "pipeline-bot: heal events (SPEC §5), one row per status change (insertId = heal_id:status).");

CREATE TABLE IF NOT EXISTS `nba_orchestration.dlq_messages` (
  `message_id` STRING NOT NULL OPTIONS(description = "Pub/Sub message id."),
  `subscription` STRING NOT NULL OPTIONS(description = "Dead-letter subscription."),
  `source_topic` STRING OPTIONS(description = "Topic the message was first published to."),
  `publish_time` TIMESTAMP OPTIONS(description = "When it was published."),
  `delivery_attempt` INT64 OPTIONS(description = "Delivery attempts before dead-lettering."),
  `attributes` JSON OPTIONS(description = "Message attributes."),
  `data` STRING OPTIONS(description = "Message data as text."),
  `game_date` DATE OPTIONS(description = "Game date the message was about, when known."),
  `recorded_at` TIMESTAMP NOT NULL OPTIONS(description = "When the bot recorded it."),
  `handled` STRING OPTIONS(description = "How it was handled (replayed, dismissed), else null.")
)
PARTITION BY DATE(`recorded_at`)
CLUSTER BY `subscription`, `source_topic`
OPTIONS(description = "pipeline-bot: messages seen on the dead-letter subscriptions (SPEC §10).");
