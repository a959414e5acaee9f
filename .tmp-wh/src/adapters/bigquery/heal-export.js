import { createBigQuery } from './client.js';
export const HEALING_EVENTS_TABLE = 'healing_events';
export class BigQueryHealExporter {
    opts;
    table;
    constructor(opts) {
        this.opts = opts;
    }
    getTable() {
        const { projectId, emulatorHost, location, dataset, table } = this.opts;
        // The outbox retries; one quick retry per flush keeps a heal from waiting on BigQuery.
        if (!this.table) {
            const pending = createBigQuery({ projectId, emulatorHost, location, maxRetries: 1 }).then((client) => client.dataset(dataset).table(table ?? HEALING_EVENTS_TABLE));
            this.table = pending;
            pending.catch(() => {
                if (this.table === pending)
                    this.table = undefined;
            });
        }
        return this.table;
    }
    async insert(rows) {
        if (rows.length === 0)
            return { failed: [] };
        const table = await this.getTable();
        try {
            await table.insert(rows, { raw: true, partialRetries: 0 });
            return { failed: [] };
        }
        catch (err) {
            const partial = err;
            if (partial.name === 'PartialFailureError' && Array.isArray(partial.errors)) {
                return {
                    failed: partial.errors.map((e) => ({
                        insertId: String(e.row?.insertId ?? ''),
                        error: (e.errors ?? []).map((x) => x.message ?? 'rejected').join('; ') || 'rejected',
                    })),
                };
            }
            throw err;
        }
    }
}
//# sourceMappingURL=heal-export.js.map