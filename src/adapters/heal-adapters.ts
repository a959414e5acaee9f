/**
 * The heal feature's adapters for each backend (kept apart from `adapters/index.ts` so that file only
 * gains a line per backend):
 * - local: the SQLite heal log, the simulated Scheduler job, no BigQuery copy (the outbox just fills);
 * - gcp: the Firestore heal log, Cloud Scheduler (REST without credentials when
 *   `CLOUD_SCHEDULER_API_ENDPOINT` is set), BigQuery `healing_events` (emulator when
 *   `BIGQUERY_EMULATOR_HOST` is set).
 */
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config.js';
import type { HealExporter, HealLog, JobTrigger } from '../heal/ports.js';
import type { Clock } from '../ports.js';
import { BigQueryHealExporter } from './bigquery/heal-export.js';
import { FirestoreHealLog } from './firestore/heal-log.js';
import type { Db } from './local/db.js';
import { LocalHealLog } from './local/heal-log.js';
import { LocalJobTrigger } from './local/job-trigger.js';
import { CloudSchedulerJobTrigger } from './scheduler/cloud-scheduler.js';

export interface HealAdapters {
  healLog: HealLog;
  jobs: JobTrigger;
  /** The BigQuery copy; absent in local mode. */
  exporter?: HealExporter;
}

export function localHealAdapters(db: Db, config: Config, clock: Clock): HealAdapters {
  return { healLog: new LocalHealLog(db), jobs: new LocalJobTrigger(db, config, clock) };
}

export function gcpHealAdapters(firestore: Firestore, config: Config): HealAdapters {
  return {
    healLog: new FirestoreHealLog(firestore),
    jobs: new CloudSchedulerJobTrigger({ endpoint: config.schedulerEndpoint }),
    exporter: new BigQueryHealExporter({
      projectId: config.project!,
      dataset: config.bigqueryDataset,
      emulatorHost: config.bigqueryEmulatorHost,
      location: config.bigqueryLocation,
    }),
  };
}
