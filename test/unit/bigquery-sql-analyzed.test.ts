/**
 * Every query the BigQuery adapter can send, for the default config and for a configured cross-project
 * target with a schedule table, another dataset and location, is analyzed by ZetaSQL against the schemas
 * (and evaluated): and the analysis really guards — an unknown column, a wrongly typed parameter or a
 * missing partition filter is refused. The as-of variants replay sends are analyzed too.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import { countTableSchema } from '../../src/adapters/bigquery/read-schemas.js';
import { failureStreaksSql, phaseCompletionsSql } from '../../src/adapters/bigquery/sql.js';
import { everyDateHasGames } from '../../src/adapters/local/completion-store.js';
import { allChecks } from '../../src/checks/index.js';
import { runChecks } from '../../src/checks/runner.js';
import type { Config } from '../../src/config.js';
import { AsOfWarehouse } from '../../src/replay/as-of-warehouse.js';
import { contractConfig, NOW } from '../contract/warehouse.contract.js';
import {
  describeZetaSql,
  type FakeBigQuery,
  schemasFor,
  startFakeBigQuery,
} from '../support/fake-bigquery.js';

let fake: FakeBigQuery;
beforeAll(async () => {
  fake = await startFakeBigQuery();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

const defaults = () =>
  contractConfig({
    PIPELINE_BACKEND: 'gcp',
    GOOGLE_CLOUD_PROJECT: 'test-project',
    BIGQUERY_EMULATOR_HOST: fake.url,
  });

function crossProject(): Config {
  const config = contractConfig({
    PIPELINE_BACKEND: 'gcp',
    GOOGLE_CLOUD_PROJECT: 'bot-project',
    BIGQUERY_EMULATOR_HOST: fake.url,
    BIGQUERY_DATASET: 'pipeline_ops',
    BIGQUERY_LOCATION: 'europe-west1',
  });
  const schedule = {
    table: 'data-lake-1.raw_eu.fixtures',
    date_column: 'match_day',
    count_distinct: 'fixture_id',
  };
  config.schedule = schedule;
  config.checks.completeness.targets = [
    {
      name: 'odds',
      expected: schedule,
      actual: {
        table: 'data-lake-1.raw_eu.odds_lines',
        date_column: 'event_date',
        count_distinct: 'fixture_id',
      },
      match: 'keys',
    },
  ];
  return config;
}

async function sendEveryQuery(config: Config): Promise<void> {
  const { warehouse, schedule } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
  const results = await runChecks(allChecks(), {
    config,
    clock: { now: () => NOW },
    completions: { getMany: async () => [], ping: async () => {} },
    schedule: schedule ?? everyDateHasGames,
    warehouse,
  });
  expect(results.filter((r) => r.check === 'check_health' && r.status === 'error')).toEqual([]);
  await schedule!.gamesOn(['2026-02-18', '2026-02-19']);
  await warehouse.failingChecks(new Date('2026-01-20T00:00:00Z'), 10, config.timezone);
}

describeZetaSql('every BigQuery query, analyzed by ZetaSQL against the table schemas', () => {
  it('default config: every query shape is accepted, with typed parameters and partition filters', async () => {
    const config = defaults();
    config.schedule = { table: 'nba_raw.nbac_schedule', date_column: 'game_date', count_distinct: 'game_id' };
    await sendEveryQuery(config);
    expect(new Set(fake.queries().map((q) => q.label))).toEqual(
      new Set(['daily_counts', 'failure_streaks', 'phase_completions', 'schedule', 'failing_checks']),
    );
    expect(fake.errors()).toEqual([]);
  });

  it('cross-project target with a schedule table, another dataset and location: accepted too', async () => {
    const config = crossProject();
    for (const [ref, schema] of schemasFor(config.bigqueryDataset, config)) fake.schemas.set(ref, schema);
    // Date columns of the other two types: a DATETIME schedule and TIMESTAMP odds lines.
    const [target] = config.checks.completeness.targets;
    fake.schemas.set('raw_eu.fixtures', countTableSchema(config.schedule!, 'DATETIME'));
    fake.schemas.set('raw_eu.odds_lines', countTableSchema(target!.actual, 'TIMESTAMP'));
    await sendEveryQuery(config);
    const sql = fake.queries().map((q) => q.sql);
    expect(sql.some((s) => s.includes('`match_day` < DATETIME(DATE_ADD(@to, INTERVAL 1 DAY))'))).toBe(true);
    expect(sql.some((s) => s.includes('DATE(`event_date`, @tz)'))).toBe(true);
    expect(sql.some((s) => s.includes('`data-lake-1.raw_eu.odds_lines`'))).toBe(true);
    expect(sql.some((s) => s.includes('`bot-project.pipeline_ops.phase_completions`'))).toBe(true);
    expect(fake.queries().every((q) => q.location === 'europe-west1')).toBe(true);
    expect(fake.errors()).toEqual([]);
  });

  it('as-of reads (replay): the same queries with an @as_of bound, partition filters kept, accepted', async () => {
    const config = defaults();
    config.schedule = { table: 'nba_raw.nbac_schedule', date_column: 'game_date', count_distinct: 'game_id' };
    const { warehouse, schedule } = createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0 });
    const results = await runChecks(allChecks(), {
      config,
      clock: { now: () => NOW },
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: schedule!,
      warehouse: new AsOfWarehouse(warehouse, { now: () => NOW }),
    });
    expect(results.filter((r) => r.check === 'check_health' && r.status === 'error')).toEqual([]);
    const byLabel = new Map(fake.queries().map((q) => [q.label, q]));
    const streaks = byLabel.get('failure_streaks')!;
    expect(streaks.sql.match(/WHERE triggered_at >= @since AND triggered_at <= @as_of/g)).toHaveLength(2);
    expect(streaks.paramTypes.as_of).toBe('TIMESTAMP');
    const phases = byLabel.get('phase_completions')!;
    expect(phases.sql).toContain('game_date BETWEEN @from AND @to');
    expect(phases.sql).toContain('updated_at <= @as_of');
    expect(byLabel.has('daily_counts')).toBe(true);
    expect(fake.errors()).toEqual([]);
  });

  it('refuses an unknown column, a wrongly typed parameter and a missing partition filter', async () => {
    const { runner } = createBigQueryWarehouse(defaults(), { now: () => NOW }, { maxRetries: 0 });
    const own = (t: string) => `\`test-project.nba_orchestration.${t}\``;
    const phases = { type: ['STRING'] as ['STRING'], value: ['phase2'] };
    const dates = {
      from: { type: 'DATE' as const, value: '2026-02-01' },
      to: { type: 'DATE' as const, value: '2026-02-02' },
    };
    const sql = phaseCompletionsSql(own);
    await expect(
      runner.query('phase_completions', sql.replace('trigger_reason', 'trigger_reasons'), {
        phases,
        ...dates,
      }),
    ).rejects.toThrow(/Unrecognized name: trigger_reasons/);
    await expect(
      runner.query('phase_completions', sql, {
        phases,
        ...dates,
        from: { type: 'TIMESTAMP', value: '2026-02-01T00:00:00Z' },
      }),
    ).rejects.toThrow(/No matching signature/);
    const unpruned = failureStreaksSql(own).replace(
      'FROM `test-project.nba_orchestration.processor_execution_log` WHERE triggered_at >= @since',
      'FROM `test-project.nba_orchestration.processor_execution_log`',
    );
    await expect(
      runner.query('failure_streaks', unpruned, {
        since: { type: 'TIMESTAMP', value: '2026-02-01T00:00:00Z' },
      }),
    ).rejects.toThrow(/without a filter over column\(s\) 'triggered_at'/);
    expect(fake.errors().map((e) => e.label)).toEqual([
      'phase_completions',
      'phase_completions',
      'failure_streaks',
    ]);
  });

  it('refuses an answer that depends on storage order (a "latest row" without a tie-breaker)', async () => {
    const { runner } = createBigQueryWarehouse(defaults(), { now: () => NOW }, { maxRetries: 0 });
    const own = (t: string) => `\`test-project.nba_orchestration.${t}\``;
    const at = '1771400000000000';
    fake.tables.set('nba_orchestration.phase_completions', [
      { game_date: '2026-02-18', phase: 'phase2', is_triggered: false, updated_at: at },
      { game_date: '2026-02-18', phase: 'phase2', is_triggered: true, updated_at: at },
    ]);
    const params = {
      phases: { type: ['STRING'] as ['STRING'], value: ['phase2'] },
      from: { type: 'DATE' as const, value: '2026-02-18' },
      to: { type: 'DATE' as const, value: '2026-02-18' },
    };
    const sql = phaseCompletionsSql(own);
    expect(await runner.query('phase_completions', sql, params)).toMatchObject([{ is_triggered: true }]);
    const untied = sql.replace(/ORDER BY updated_at DESC,[^)]*\)/, 'ORDER BY updated_at DESC)');
    expect(untied).not.toBe(sql);
    await expect(runner.query('phase_completions', untied, params)).rejects.toThrow(
      /depends on the order rows are stored in/,
    );
  });
});
