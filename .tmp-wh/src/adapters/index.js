import { CachedWarehouse } from '../warehouse/cached.js';
import { everyDateHasGames } from './local/completion-store.js';
import { openLocalBackend } from './local/index.js';
export async function createBackend(config, clock, log) {
    if (config.backend === 'local') {
        const local = await openLocalBackend(config, clock);
        if (local.seeded)
            log.info({ dataDir: config.dataDir }, 'local mode: seeded the demo pipeline');
        return {
            kind: 'local',
            completions: local.completions,
            schedule: local.schedule,
            alerts: local.alerts,
            leases: local.leases,
            warehouse: new CachedWarehouse(local.warehouse, clock, config.timezone),
            probes: [{ name: 'local-store', ping: () => local.completions.ping() }],
            seeded: local.seeded,
            close: async () => local.close(),
        };
    }
    const { createFirestore } = await import('./firestore/client.js');
    const { FirestoreCompletionStore } = await import('./firestore/completion-store.js');
    const { FirestoreAlertStore } = await import('./firestore/alert-store.js');
    const { FirestoreLeaseStore } = await import('./firestore/lease-store.js');
    const firestore = await createFirestore({ projectId: config.project, emulatorHost: config.firestoreEmulatorHost });
    const completions = new FirestoreCompletionStore(firestore);
    const { createBigQueryWarehouse } = await import('./bigquery/index.js');
    const bigquery = createBigQueryWarehouse(config, clock);
    return {
        kind: 'gcp',
        completions,
        schedule: bigquery.schedule ?? everyDateHasGames,
        warehouse: new CachedWarehouse(bigquery.warehouse, clock, config.timezone),
        alerts: new FirestoreAlertStore(firestore),
        leases: new FirestoreLeaseStore(firestore),
        probes: [
            { name: 'firestore', ping: () => completions.ping() },
            { name: 'bigquery', ping: () => bigquery.warehouse.ping() },
        ],
        close: async () => {
            await firestore.terminate();
        },
    };
}
//# sourceMappingURL=index.js.map