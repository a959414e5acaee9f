/** Chooses the adapters for the configured backend: embedded SQLite (local) or Google Cloud (gcp). */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Clock, CompletionStore, Probe, ScheduleSource } from '../ports.js';
import { everyDateHasGames } from './local/completion-store.js';
import type { DemoLayout } from './local/demo.js';
import { openLocalBackend } from './local/index.js';

export interface Backend {
  kind: 'local' | 'gcp';
  completions: CompletionStore;
  schedule: ScheduleSource;
  probes: Probe[];
  seeded?: DemoLayout;
  close(): Promise<void>;
}

export async function createBackend(config: Config, clock: Clock, log: Logger): Promise<Backend> {
  if (config.backend === 'local') {
    const local = await openLocalBackend(config, clock);
    if (local.seeded) log.info({ dataDir: config.dataDir }, 'local mode: seeded the demo pipeline');
    return {
      kind: 'local',
      completions: local.completions,
      schedule: local.schedule,
      probes: [{ name: 'local-store', ping: () => local.completions.ping() }],
      seeded: local.seeded,
      close: async () => local.close(),
    };
  }
  const { createFirestore } = await import('./firestore/client.js');
  const { FirestoreCompletionStore } = await import('./firestore/completion-store.js');
  const firestore = await createFirestore({ projectId: config.project!, emulatorHost: config.firestoreEmulatorHost });
  const completions = new FirestoreCompletionStore(firestore);
  if (config.schedule) {
    log.warn('checks.schedule is configured but the BigQuery schedule source is not available yet: every date counts as a game date');
  }
  return {
    kind: 'gcp',
    completions,
    schedule: everyDateHasGames,
    probes: [{ name: 'firestore', ping: () => completions.ping() }],
    close: async () => {
      await firestore.terminate();
    },
  };
}
