/**
 * One schema source for the tables the bot writes: its columns are exactly what the code inserts (rows
 * captured at a fake BigQuery from the real adapters), partitioning and clustering name real columns, and
 * `docs/bigquery.sql` is the text generated from it (`npm run docs:sql` rewrites it).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigquerySqlDoc, createTableDdl } from '../../src/adapters/bigquery/ddl.js';
import { BigQueryHealExporter } from '../../src/adapters/bigquery/heal-export.js';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import {
  HEALING_EVENTS,
  VALIDATION_RESULTS,
  VALIDATION_RUNS,
  WRITTEN_TABLES,
} from '../../src/adapters/bigquery/schema.js';
import { HEAL_EVENT_COLUMNS, HEAL_EVENT_FIELDS, healRow } from '../../src/heal/columns.js';
import { validationResult, validationRun } from '../support/builders.js';
import { type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { testConfig } from '../support/fixtures.js';

const NOW = new Date('2026-02-10T20:00:00.000Z');
let fake: FakeBigQuery;

beforeAll(async () => {
  fake = await startFakeBigQuery();
});
afterAll(async () => {
  await fake.close();
});

const columns = (t: { columns: { name: string }[] }) => t.columns.map((c) => c.name).sort();
const inserted = (table: string) => Object.keys(fake.inserts(table)[0]!.json).sort();

describe('the schema source matches what the code inserts', () => {
  it('validation_runs and validation_results: the columns of recordRun rows', async () => {
    const config = testConfig({
      PIPELINE_BACKEND: 'gcp',
      GOOGLE_CLOUD_PROJECT: 'p',
      BIGQUERY_EMULATOR_HOST: fake.url,
    });
    const { warehouse } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
    await warehouse.recordRun(validationRun({ runId: 'r1', startedAt: NOW, checksRun: 1 }), [
      validationResult({ runId: 'r1', subject: 's', summary: 'x', observedAt: NOW }),
    ]);
    expect(inserted('nba_orchestration.validation_runs')).toEqual(columns(VALIDATION_RUNS));
    expect(inserted('nba_orchestration.validation_results')).toEqual(columns(VALIDATION_RESULTS));
  });

  it('healing_events: the columns of healRow, in the order of the heal event fields', async () => {
    const exporter = new BigQueryHealExporter({
      projectId: 'p',
      dataset: 'nba_orchestration',
      emulatorHost: fake.url,
    });
    const event = Object.fromEntries(HEAL_EVENT_FIELDS.map((f) => [f, null])) as never;
    await exporter.insert([healRow('h1:requested', { ...(event as object), requested_at: NOW } as never)]);
    expect(inserted('nba_orchestration.healing_events')).toEqual(columns(HEALING_EVENTS));
    expect(HEALING_EVENTS.columns.map((c) => c.name)).toEqual([...HEAL_EVENT_FIELDS]);
  });

  it('healing_events: each column has the BigQuery type of its kind, and REQUIRED only where the event never holds null', () => {
    const bigqueryType = { string: 'STRING', integer: 'INT64', date: 'DATE', timestamp: 'TIMESTAMP' };
    for (const [i, c] of HEAL_EVENT_COLUMNS.entries()) {
      const column = HEALING_EVENTS.columns[i]!;
      expect(column.type, c.name).toBe(bigqueryType[c.kind]);
      if (column.mode === 'REQUIRED') expect(c.required, `${c.name} is REQUIRED in BigQuery`).toBe(true);
    }
  });

  it('every table is partitioned by day on a TIMESTAMP/DATE column and clustered on its own columns', () => {
    expect(WRITTEN_TABLES.map((t) => t.name)).toEqual([
      'validation_runs',
      'validation_results',
      'healing_events',
      'dlq_messages',
    ]);
    for (const t of WRITTEN_TABLES) {
      const partition = t.columns.find((c) => c.name === t.partitionColumn);
      expect(partition?.type, t.name).toMatch(/^(TIMESTAMP|DATE)$/);
      for (const c of t.clustering ?? []) expect(columns(t), `${t.name} clusters on ${c}`).toContain(c);
      for (const c of t.columns) expect(c.description.length, `${t.name}.${c.name}`).toBeGreaterThan(0);
    }
  });

  it('dlq_messages has the SPEC §10 columns, partitioned on recorded_at', () => {
    const dlq = WRITTEN_TABLES.find((t) => t.name === 'dlq_messages')!;
    expect(dlq.columns.map((c) => `${c.name} ${c.type}`)).toEqual([
      'message_id STRING',
      'subscription STRING',
      'source_topic STRING',
      'publish_time TIMESTAMP',
      'delivery_attempt INT64',
      'attributes JSON',
      'data STRING',
      'game_date DATE',
      'recorded_at TIMESTAMP',
      'handled STRING',
    ]);
    expect(dlq.partitionColumn).toBe('recorded_at');
  });
});

describe('docs/bigquery.sql', () => {
  it('is exactly the DDL generated from the schema source (run `npm run docs:sql` after a change)', () => {
    expect(readFileSync('docs/bigquery.sql', 'utf8')).toBe(bigquerySqlDoc());
  });

  it('the DDL quotes names, marks REQUIRED columns NOT NULL and escapes descriptions', () => {
    const ddl = createTableDdl('ds', {
      name: 't',
      description: 'say "hi"',
      partitionColumn: 'd',
      columns: [
        { name: 'check', type: 'STRING', mode: 'REQUIRED', description: 'a\\b' },
        { name: 'd', type: 'DATE', description: 'x' },
      ],
    });
    expect(ddl).toBe(
      [
        'CREATE TABLE IF NOT EXISTS `ds.t` (',
        '  `check` STRING NOT NULL OPTIONS(description = "a\\\\b"),',
        '  `d` DATE OPTIONS(description = "x")',
        ')',
        'PARTITION BY `d`',
        'OPTIONS(description = "say \\"hi\\"");',
      ].join('\n'),
    );
  });
});
