import { LocalCompletionStore, LocalSchedule } from './completion-store.js';
import { getMeta, openDb, setMeta } from './db.js';
import { seedDemo } from './demo.js';
import { seedDemoWarehouse } from './demo-warehouse.js';
import { LocalWarehouse } from './warehouse.js';
import { LocalAlertStore } from './alert-store.js';
import { LocalLeaseStore } from './lease-store.js';
/** Opens the embedded store and seeds the demo pipeline on first start (once per DATA_DIR). */
export async function openLocalBackend(config, clock, opts = {}) {
    const db = openDb(opts.memory ? ':memory:' : config.dataDir);
    const completions = new LocalCompletionStore(db);
    const schedule = new LocalSchedule(db);
    const warehouse = new LocalWarehouse(db);
    let seeded;
    if (!getMeta(db, 'seeded_at')) {
        seeded = await seedDemo(config, completions, schedule, clock.now());
        await seedDemoWarehouse(config, warehouse, completions, schedule, seeded, clock.now());
        setMeta(db, 'seeded_at', clock.now().toISOString());
    }
    return {
        db,
        completions,
        schedule,
        warehouse,
        alerts: new LocalAlertStore(db),
        leases: new LocalLeaseStore(db),
        seeded,
        close: () => db.close()
    };
}
//# sourceMappingURL=index.js.map