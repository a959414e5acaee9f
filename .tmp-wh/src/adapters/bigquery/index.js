import { createBigQuery } from './client.js';
import { QueryRunner } from './query.js';
import { BigQuerySchedule } from './schedule.js';
import { BigQueryWarehouse } from './warehouse.js';
export function createBigQueryWarehouse(config, clock, opts = {}) {
    const projectId = config.project;
    const runner = new QueryRunner(() => createBigQuery({
        projectId,
        emulatorHost: config.bigqueryEmulatorHost,
        location: config.bigqueryLocation,
        maxRetries: opts.maxRetries,
    }), {
        location: config.bigqueryLocation,
        maximumBytesBilled: config.checks.maximum_bytes_billed,
        timeoutMs: opts.timeoutMs,
    });
    return {
        runner,
        warehouse: new BigQueryWarehouse(runner, { projectId, dataset: config.bigqueryDataset }),
        schedule: config.schedule ? new BigQuerySchedule(runner, config.schedule, projectId, clock) : undefined,
    };
}
//# sourceMappingURL=index.js.map