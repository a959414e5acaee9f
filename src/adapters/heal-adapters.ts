/**
 * The heal feature's adapters for each backend (kept apart from `adapters/index.ts` so that file only
 * gains a line per backend):
 * - local: the SQLite heal log, every heal action simulated in the embedded store, no BigQuery copy (the
 *   outbox just fills);
 * - gcp: the Firestore heal log, BigQuery `healing_events` (emulator when `BIGQUERY_EMULATOR_HOST` is set),
 *   and the heal actions the config uses (`transitions.<id>.heal.action`): Cloud Scheduler (REST without
 *   credentials when `CLOUD_SCHEDULER_API_ENDPOINT` is set; plain-text gRPC to
 *   `CLOUD_SCHEDULER_EMULATOR_HOST`), Pub/Sub (plain text to `PUBSUB_EMULATOR_HOST` when set), HTTP with
 *   a Google ID token (Application Default Credentials).
 */
import type { Firestore } from '@google-cloud/firestore';
import type { Config } from '../config.js';
import type { HealExporter, HealLog, PhaseStarters } from '../heal/ports.js';
import type { HealActionKind } from '../pipeline/types.js';
import type { Clock } from '../ports.js';
import type { Db } from './local/db.js';

export interface HealAdapters {
  healLog: HealLog;
  /** One adapter per heal action kind the config uses. */
  actions: PhaseStarters;
  /** The BigQuery copy; absent in local mode. */
  exporter?: HealExporter;
  /** Closes the clients the actions opened (Pub/Sub). */
  close(): Promise<void>;
}

const uses = (config: Config, kind: HealActionKind): boolean =>
  config.transitions.some((t) => t.heal?.action === kind);

// Each backend's adapters are imported on demand, so local mode never loads Google clients and gcp mode
// never loads the native SQLite module.
export async function localHealAdapters(db: Db, config: Config, clock: Clock): Promise<HealAdapters> {
  const { LocalHealLog } = await import('./local/heal-log.js');
  const { LocalJobTrigger } = await import('./local/job-trigger.js');
  const { LocalPubSub } = await import('./local/pubsub.js');
  const { LocalPhaseStarter } = await import('./local/phase-starter.js');
  const starter = new LocalPhaseStarter(
    config,
    new LocalJobTrigger(db, config, clock),
    new LocalPubSub(db, () => clock.now()),
  );
  return {
    healLog: new LocalHealLog(db),
    actions: { scheduler_job: starter, pubsub: starter, http: starter },
    close: async () => {},
  };
}

export async function gcpHealAdapters(firestore: Firestore, config: Config): Promise<HealAdapters> {
  const { FirestoreHealLog } = await import('./firestore/heal-log.js');
  const { CloudSchedulerJobTrigger } = await import('./scheduler/cloud-scheduler.js');
  const { SchedulerPhaseStarter } = await import('./scheduler/phase-starter.js');
  const { emulatorClientOptions } = await import('./scheduler/client.js');
  const { BigQueryHealExporter } = await import('./bigquery/heal-export.js');
  const actions: PhaseStarters = {
    scheduler_job: new SchedulerPhaseStarter(
      new CloudSchedulerJobTrigger({
        endpoint: config.schedulerEndpoint,
        grpc: config.schedulerEmulatorHost ? emulatorClientOptions(config.schedulerEmulatorHost) : undefined,
      }),
    ),
  };
  const closers: (() => Promise<void>)[] = [];
  if (uses(config, 'pubsub')) {
    const { createPubSub } = await import('./pubsub/client.js');
    const { PubSubPhaseStarter } = await import('./pubsub/phase-starter.js');
    const pubsub = await createPubSub({
      projectId: config.project!,
      emulatorHost: config.pubsubEmulatorHost,
    });
    actions.pubsub = new PubSubPhaseStarter(pubsub);
    closers.push(() => pubsub.close());
  }
  if (uses(config, 'http')) {
    const { googleIdTokenSource } = await import('./http/google-id-token.js');
    const { HttpPhaseStarter } = await import('./http/phase-starter.js');
    actions.http = new HttpPhaseStarter(googleIdTokenSource());
  }
  return {
    healLog: new FirestoreHealLog(firestore),
    actions,
    exporter: new BigQueryHealExporter({
      projectId: config.project!,
      dataset: config.bigqueryDataset,
      emulatorHost: config.bigqueryEmulatorHost,
      location: config.bigqueryLocation,
    }),
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
