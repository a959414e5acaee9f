/** Local mode's backend: the embedded SQLite store and its adapters, seeded with the demo on first start. */
import type { Config } from '../../config.js';
import type { Clock } from '../../ports.js';
import { LocalAlertStore } from './alert-store.js';
import { LocalCompletionStore, LocalSchedule } from './completion-store.js';
import { type Db, getMeta, openDb, setMeta } from './db.js';
import type { DemoLayout } from './demo.js';
import { SILENT_PROCESSOR_META } from './job-trigger.js';
import { LocalLeaseStore } from './lease-store.js';
import { LocalProcessorRuns } from './processor-runs.js';
import { LocalSilenceStore } from './silence-store.js';
import { LocalWarehouse } from './warehouse.js';

export interface LocalBackend {
  db: Db;
  completions: LocalCompletionStore;
  schedule: LocalSchedule;
  warehouse: LocalWarehouse;
  alerts: LocalAlertStore;
  leases: LocalLeaseStore;
  silences: LocalSilenceStore;
  processorRuns: LocalProcessorRuns;
  /** Set when this start seeded the demo (first start on an empty DATA_DIR). */
  seeded?: DemoLayout;
  close(): void;
}

/** Opens the embedded store and seeds the demo pipeline on first start (once per DATA_DIR). */
export async function openLocalBackend(
  config: Config,
  clock: Clock,
  opts: { memory?: boolean } = {},
): Promise<LocalBackend> {
  const db = openDb(opts.memory ? ':memory:' : config.dataDir);
  const completions = new LocalCompletionStore(db);
  const schedule = new LocalSchedule(db);
  const warehouse = new LocalWarehouse(db);
  const processorRuns = new LocalProcessorRuns(db);
  let seeded: DemoLayout | undefined;
  if (!getMeta(db, 'seeded_at')) {
    // Loaded only for the first start on a DATA_DIR: every later start (and CLI command) skips the demo.
    const { seedDemo } = await import('./demo.js');
    const { seedDemoWarehouse } = await import('./demo-warehouse.js');
    const { seedDemoProcessorRuns } = await import('./demo-processor-runs.js');
    seeded = await seedDemo(config, completions, schedule, clock.now());
    await seedDemoWarehouse(config, warehouse, completions, schedule, seeded, clock.now());
    await seedDemoProcessorRuns(config, processorRuns, clock.now());
    setMeta(db, 'seeded_at', clock.now().toISOString());
    // The simulated heal job keeps the demo's story: the disabled processor stays silent after a heal too.
    setMeta(db, SILENT_PROCESSOR_META, seeded.driftProcessor);
  }
  return {
    db,
    completions,
    schedule,
    warehouse,
    alerts: new LocalAlertStore(db),
    leases: new LocalLeaseStore(db),
    silences: new LocalSilenceStore(db),
    processorRuns,
    seeded,
    close: () => db.close(),
  };
}
