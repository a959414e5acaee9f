/** Chooses the adapters for the configured backend: embedded SQLite (local) or Google Cloud (gcp). */
import type { AlertStore, LeaseStore } from '../alerts/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { SilenceStore } from '../oncall/silences.js';
import type { Clock, CompletionStore, Probe, ScheduleSource } from '../ports.js';
import type { ProcessorRunLog } from '../trends/model.js';
import { CachedWarehouse } from '../warehouse/cached.js';
import type { Warehouse } from '../warehouse/ports.js';
import type { DlqAdapters } from './dlq-adapters.js';
import type { HealAdapters } from './heal-adapters.js';
import type { DemoLayout } from './local/demo.js';
import { openLocal } from './local/open.js';
import type { MonitorAdapters } from './monitor-adapters.js';

export interface Backend {
  kind: 'local' | 'gcp';
  completions: CompletionStore;
  schedule: ScheduleSource;
  alerts: AlertStore;
  leases: LeaseStore;
  /** Silences (SPEC §10), shared across instances. */
  silences: SilenceStore;
  /** BigQuery (gcp) or the embedded store (local), behind the closed-day completeness cache. */
  warehouse?: Warehouse;
  /** Heal log, heal actions (Scheduler job, Pub/Sub, HTTP), BigQuery copy (SPEC §5, §10). */
  heal?: HealAdapters;
  /** `processor_execution_log` (trends, slow_processor). */
  processorRuns?: ProcessorRunLog;
  /** service_health and deployment_drift ports. */
  monitors?: MonitorAdapters;
  /** Dead-letter store, subscription source, BigQuery copy (SPEC §10); absent when none is configured (gcp). */
  dlq?: DlqAdapters;
  probes: Probe[];
  seeded?: DemoLayout;
  close(): Promise<void>;
}

export async function createBackend(config: Config, clock: Clock, log: Logger): Promise<Backend> {
  return config.backend === 'local' ? localBackend(config, clock, log) : gcpBackend(config, clock);
}

/** The embedded SQLite store (seeded with the demo on first start) and its simulated jobs. */
async function localBackend(config: Config, clock: Clock, log: Logger): Promise<Backend> {
  const local = await openLocal(config, clock);
  if (local.seeded) log.info({ dataDir: config.dataDir }, 'local mode: seeded the demo pipeline');
  return {
    kind: 'local',
    // Applies the simulated heal job's due writes before each read (see local/job-trigger.ts).
    completions: local.simulating,
    heal: await (await import('./heal-adapters.js')).localHealAdapters(local.db, config, clock),
    monitors: await (await import('./monitor-adapters.js')).localMonitorAdapters(local.db, config),
    dlq: await (await import('./dlq-adapters.js')).localDlqAdapters(local.db, config, clock, !!local.seeded),
    schedule: local.schedule,
    alerts: local.alerts,
    leases: local.leases,
    silences: local.silences,
    warehouse: new CachedWarehouse(local.warehouse, clock, config.timezone),
    processorRuns: local.processorRuns,
    probes: [{ name: 'local-store', ping: () => local.completions.ping() }],
    seeded: local.seeded,
    close: async () => local.close(),
  };
}

/** Firestore, BigQuery, Cloud Scheduler and Pub/Sub; every client module loads only here. */
async function gcpBackend(config: Config, clock: Clock): Promise<Backend> {
  const { createFirestore } = await import('./firestore/client.js');
  const { FirestoreCompletionStore } = await import('./firestore/completion-store.js');
  const { FirestoreAlertStore } = await import('./firestore/alert-store.js');
  const { FirestoreLeaseStore } = await import('./firestore/lease-store.js');
  const { FirestoreSilenceStore } = await import('./firestore/silence-store.js');
  const { everyDateHasGames } = await import('./local/completion-store.js');
  const firestore = await createFirestore({
    projectId: config.project!,
    emulatorHost: config.firestoreEmulatorHost,
  });
  const completions = new FirestoreCompletionStore(firestore);
  const dlq = await (await import('./dlq-adapters.js')).gcpDlqAdapters(firestore, config);
  const heal = await (await import('./heal-adapters.js')).gcpHealAdapters(firestore, config);
  const { createBigQueryWarehouse } = await import('./bigquery/index.js');
  const bigquery = createBigQueryWarehouse(config, clock);
  return {
    kind: 'gcp',
    completions,
    heal,
    monitors: await (await import('./monitor-adapters.js')).gcpMonitorAdapters(firestore, config),
    dlq,
    schedule: bigquery.schedule ?? everyDateHasGames,
    warehouse: new CachedWarehouse(bigquery.warehouse, clock, config.timezone),
    processorRuns: new (await import('./bigquery/processor-runs.js')).BigQueryProcessorRuns(bigquery.runner, {
      projectId: config.project!,
      dataset: config.bigqueryDataset,
    }),
    alerts: new FirestoreAlertStore(firestore),
    leases: new FirestoreLeaseStore(firestore),
    silences: new FirestoreSilenceStore(firestore),
    probes: [
      { name: 'firestore', ping: () => completions.ping() },
      { name: 'bigquery', ping: () => bigquery.warehouse.ping() },
    ],
    close: async () => {
      await dlq?.close();
      await heal.close();
      await firestore.terminate();
    },
  };
}
