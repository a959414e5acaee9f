import { describe, expect, it } from 'vitest';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import { BigQueryProcessorRuns } from '../../src/adapters/bigquery/processor-runs.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalProcessorRuns } from '../../src/adapters/local/processor-runs.js';
import { startFakeBigQuery, zetasqlAvailable } from '../support/fake-bigquery.js';
import { testConfig } from '../support/fixtures.js';
import { NOW, processorRunsContract } from './processor-runs.contract.js';

processorRunsContract('embedded store (SQLite)', async () => {
  const db = openDb(':memory:');
  const log = new LocalProcessorRuns(db);
  return {
    log,
    seed: (runs) => log.insert(runs),
    close: async () => {
      db.close();
    },
  };
});

processorRunsContract('BigQuery (REST fake answered by ZetaSQL)', () =>
  zetasqlAvailable()
    ? (async () => {
        const fake = await startFakeBigQuery();
        const config = testConfig({
          PIPELINE_BACKEND: 'gcp',
          GOOGLE_CLOUD_PROJECT: 'test-project',
          BIGQUERY_EMULATOR_HOST: fake.url,
        });
        const { runner } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
        const log = new BigQueryProcessorRuns(runner, {
          projectId: 'test-project',
          dataset: 'nba_orchestration',
        });
        return {
          log,
          seed: async (runs) => {
            fake.tables.set(
              'nba_orchestration.processor_execution_log',
              runs.map((r) => ({
                execution_id: r.executionId ?? null,
                processor_name: r.processor,
                phase: r.phase,
                triggered_at: r.triggeredAt,
                completed_at: r.completedAt ?? null,
                status: r.status,
              })),
            );
          },
          close: () => fake.close(),
        };
      })()
    : null,
);

describe('what each adapter sends or stores', () => {
  it.skipIf(!zetasqlAvailable())(
    'BigQuery: one parameterized, capped, time-limited query with a partition filter',
    async () => {
      const fake = await startFakeBigQuery();
      try {
        const config = testConfig({
          PIPELINE_BACKEND: 'gcp',
          GOOGLE_CLOUD_PROJECT: 'test-project',
          BIGQUERY_EMULATOR_HOST: fake.url,
        });
        const { runner } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
        const log = new BigQueryProcessorRuns(runner, {
          projectId: 'test-project',
          dataset: 'nba_orchestration',
        });
        fake.tables.set('nba_orchestration.processor_execution_log', []);
        await log.processorRuns(new Date(NOW.getTime() - 7 * 86_400_000), NOW);
        const [query, ...more] = fake.queries().filter((q) => q.sql.includes('processor_execution_log'));
        expect(more).toEqual([]);
        expect(query!.sql).toMatch(/triggered_at\s*>\s*@from/i);
        expect(query!.sql).not.toContain(NOW.toISOString());
        expect(query!.maximumBytesBilled).toBeDefined();
        expect(query!.jobTimeoutMs).toBeDefined();
      } finally {
        await fake.close();
      }
    },
  );

  it('SQLite: rows kept in processor_runs', async () => {
    const db = openDb(':memory:');
    try {
      await new LocalProcessorRuns(db).insert([
        { processor: 'p', phase: 'phase3', triggeredAt: NOW, status: 'success', executionId: 'e1' },
      ]);
      expect(db.prepare('SELECT COUNT(*) AS n FROM processor_runs').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
