/**
 * The heal feature's adapters for each backend (kept apart from `adapters/index.ts` so that file only
 * gains a line per backend):
 * - local: the SQLite heal log, the simulated Scheduler job, no BigQuery copy (the outbox just fills);
 * - gcp: the Firestore heal log, Cloud Scheduler (REST without credentials when
 *   `CLOUD_SCHEDULER_API_ENDPOINT` is set; plain-text gRPC to `CLOUD_SCHEDULER_EMULATOR_HOST`), BigQuery `healing_events` (emulator when
 *   `BIGQUERY_EMULATOR_HOST` is set).
 */
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config.js';
import type { HealExporter, HealLog, JobTrigger } from '../heal/ports.js';
import type { Clock } from '../ports.js';
import type { Db } from './local/db.js';

export interface HealAdapters {
  healLog: HealLog;
  jobs: JobTrigger;
  /** The BigQuery copy; absent in local mode. */
  exporter?: HealExporter;
}

// Each backend's adapters are imported on demand, so local mode never loads Google clients and gcp mode
// never loads the native SQLite module.
export async function localHealAdapters(db: Db, config: Config, clock: Clock): Promise<HealAdapters> {
  const { LocalHealLog } = await import('./local/heal-log.js');
  const { LocalJobTrigger } = await import('./local/job-trigger.js');
  return { healLog: new LocalHealLog(db), jobs: new LocalJobTrigger(db, config, clock) };
}

export async function gcpHealAdapters(firestore: Firestore, config: Config): Promise<HealAdapters> {
  const { FirestoreHealLog } = await import('./firestore/heal-log.js');
  const { CloudSchedulerJobTrigger } = await import('./scheduler/cloud-scheduler.js');
  const { emulatorClientOptions } = await import('./scheduler/client.js');
  const { BigQueryHealExporter } = await import('./bigquery/heal-export.js');
  return {
    healLog: new FirestoreHealLog(firestore),
    jobs: new CloudSchedulerJobTrigger({
      endpoint: config.schedulerEndpoint,
      grpc: config.schedulerEmulatorHost ? emulatorClientOptions(config.schedulerEmulatorHost) : undefined,
    }),
    exporter: new BigQueryHealExporter({
      projectId: config.project!,
      dataset: config.bigqueryDataset,
      emulatorHost: config.bigqueryEmulatorHost,
      location: config.bigqueryLocation,
    }),
  };
}
