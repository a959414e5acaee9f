import { withTimeout } from '../../warehouse/timeout.js';
import { exactInt } from './values.js';
/** Rows per insertAll request; BigQuery recommends at most 500. */
const INSERT_BATCH = 500;
export class QueryRunner {
    connect;
    guards;
    client;
    /** Queries started, for tests and the benchmark. */
    queries = 0;
    constructor(connect, guards) {
        this.connect = connect;
        this.guards = guards;
    }
    bigquery() {
        this.client ??= this.connect().catch((err) => {
            this.client = undefined;
            throw err;
        });
        return this.client;
    }
    async query(label, sql, params) {
        const bq = await this.bigquery();
        this.queries++;
        const values = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.value]));
        const types = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.type]));
        const run = bq.query({
            query: sql,
            params: values,
            types,
            useLegacySql: false,
            maximumBytesBilled: String(this.guards.maximumBytesBilled),
            labels: { app: 'pipeline-bot', query: label },
            ...(this.guards.location ? { location: this.guards.location } : {}),
            wrapIntegers: { integerTypeCastFunction: exactInt },
        });
        const [rows] = await withTimeout(run, this.guards.timeoutMs ?? 60_000, `BigQuery query ${label}`);
        return rows;
    }
    /** Streams rows into `dataset.table`, batched, each with its `insertId`. */
    async insert(dataset, table, rows) {
        if (rows.length === 0)
            return;
        const bq = await this.bigquery();
        const target = bq.dataset(dataset).table(table);
        for (let i = 0; i < rows.length; i += INSERT_BATCH) {
            const batch = rows.slice(i, i + INSERT_BATCH);
            try {
                await withTimeout(target.insert(batch, { raw: true }), this.guards.timeoutMs ?? 60_000, `BigQuery insert ${table}`);
            }
            catch (err) {
                const partial = err
                    .errors;
                if (err.name === 'PartialFailureError' && partial?.length) {
                    const first = partial[0]?.errors?.[0];
                    throw new Error(`BigQuery rejected ${partial.length} of ${batch.length} rows for ${table}: ${first?.reason ?? ''} ${first?.message ?? ''}`.trim());
                }
                throw err;
            }
        }
    }
}
//# sourceMappingURL=query.js.map