import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import { countTableSchema } from '../../src/adapters/bigquery/read-schemas.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalWarehouse } from '../../src/adapters/local/warehouse.js';
import type { ColumnSchema } from '../../src/warehouse/table-schema.js';
import {
  type FakeBigQuery,
  type RecordedQuery,
  startFakeBigQuery,
  zetasqlAvailable,
} from '../support/fake-bigquery.js';
import { contractConfig, NOW, type WarehouseHarness, warehouseContract } from './warehouse.contract.js';
import { warehouseAsOfContract } from './warehouse-as-of.contract.js';
import { warehouseEdgeCaseContract } from './warehouse-edge-cases.contract.js';

const sqlite = async (): Promise<WarehouseHarness> => {
  const db = openDb(':memory:');
  const warehouse = new LocalWarehouse(db);
  return {
    warehouse,
    seedCounts: async (spec, date, keys) => warehouse.addRows(spec.table, date, keys),
    seedRuns: async (entries) => warehouse.addRuns(entries),
    seedPhaseCompletions: async (rows) => warehouse.addPhaseCompletions(rows),
    close: async () => {
      db.close();
    },
  };
};
warehouseContract('embedded store (SQLite)', sqlite);
warehouseEdgeCaseContract('embedded store (SQLite)', sqlite);
warehouseAsOfContract('embedded store (SQLite)', sqlite);

let fake: FakeBigQuery;
/** Every query of every contract case, and those ZetaSQL refused (`fake.reset()` clears the fake's own). */
const sent: RecordedQuery[] = [];
const refused: { label: string; message: string }[] = [];
beforeAll(async () => {
  fake = await startFakeBigQuery();
});
afterAll(async () => {
  await fake.close();
});

const mergeColumns = (a: ColumnSchema[], b: ColumnSchema[]) => [
  ...a.filter((c) => !b.some((x) => x.name === c.name)),
  ...b,
];

const push = (table: string, rows: Record<string, unknown>[]): void =>
  void fake.tables.set(table, [...(fake.tables.get(table) ?? []), ...rows]);

const bigQuery = async (): Promise<WarehouseHarness> => {
  fake.reset();
  const config = contractConfig({
    PIPELINE_BACKEND: 'gcp',
    GOOGLE_CLOUD_PROJECT: 'test-project',
    BIGQUERY_EMULATOR_HOST: fake.url,
    BIGQUERY_LOCATION: 'US',
  });
  const { warehouse } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
  return {
    warehouse,
    seedCounts: async (spec, date, keys, type = 'DATE') => {
      const table = spec.table.split('.').slice(-2).join('.');
      const schema = countTableSchema(spec, type);
      const known = fake.schemas.get(table);
      // One table may be seeded through several specs (columns merge), never with two types.
      fake.schemas.set(table, { ...schema, columns: mergeColumns(known?.columns ?? [], schema.columns) });
      push(
        table,
        keys.map((k) => ({ [spec.date_column]: date, [spec.count_distinct]: k })),
      );
    },
    seedRuns: async (entries) => {
      for (const e of entries) {
        const row = {
          status: e.status,
          triggered_at: e.triggeredAt,
          error_message: e.errorMessage ?? null,
        };
        if (e.kind === 'scraper')
          push('nba_orchestration.scraper_execution_log', [{ scraper_name: e.name, ...row }]);
        else
          push('nba_orchestration.processor_execution_log', [
            { processor_name: e.name, execution_id: e.runId ?? null, ...row },
          ]);
      }
    },
    seedPhaseCompletions: async (rows) =>
      push(
        'nba_orchestration.phase_completions',
        rows.map((r) => ({
          game_date: r.gameDate,
          phase: r.phase,
          is_triggered: r.isTriggered,
          trigger_reason: r.triggerReason ?? null,
          completed_processor_count: r.completedProcessorCount ?? null,
          updated_at: r.updatedAt ?? null,
        })),
      ),
    close: async () => {
      sent.push(...fake.queries());
      refused.push(...fake.errors());
    },
  };
};
warehouseContract('BigQuery (fake REST API, ZetaSQL)', bigQuery, { skip: !zetasqlAvailable() });
warehouseEdgeCaseContract('BigQuery (fake REST API, ZetaSQL)', bigQuery, { skip: !zetasqlAvailable() });
warehouseAsOfContract('BigQuery (fake REST API, ZetaSQL)', bigQuery, { skip: !zetasqlAvailable() });

it.skipIf(!zetasqlAvailable())(
  'every query the BigQuery adapter sent during the contract was capped, time-limited on the server, located and accepted by ZetaSQL',
  () => {
    expect(sent.length).toBeGreaterThan(0);
    for (const q of sent) {
      expect(q.maximumBytesBilled, q.label).toBeDefined();
      expect(q.location, q.label).toBe('US');
      expect(q.jobTimeoutMs, q.label).toBe('60000');
    }
    expect(refused).toEqual([]);
  },
);
