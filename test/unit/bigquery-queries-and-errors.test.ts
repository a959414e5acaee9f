import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import { IdentifierError, tableRef } from '../../src/adapters/bigquery/sql.js';
import { exactInt, toDate } from '../../src/adapters/bigquery/values.js';
import { everyDateHasGames } from '../../src/adapters/local/completion-store.js';
import { completenessCheck } from '../../src/checks/completeness.js';
import { runChecks } from '../../src/checks/runner.js';
import type { Config } from '../../src/config.js';
import { contractConfig, NOW } from '../contract/warehouse.contract.js';
import { validationResult, validationRun } from '../support/builders.js';
import { describeZetaSql, type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';

let fake: FakeBigQuery;
let metadata: Server;
let metadataHits = 0;
const savedMetadataHost = process.env.GCE_METADATA_HOST;

beforeAll(async () => {
  fake = await startFakeBigQuery();
  // Any credential lookup would ask the metadata server; point it here and count.
  metadata = createServer((_req, res) => {
    metadataHits++;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', r));
  process.env.GCE_METADATA_HOST = `127.0.0.1:${(metadata.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((r) => metadata.close(() => r()));
  if (savedMetadataHost === undefined) delete process.env.GCE_METADATA_HOST;
  else process.env.GCE_METADATA_HOST = savedMetadataHost;
});
beforeEach(() => fake.reset());

function gcpConfig(extra: Record<string, string> = {}): Config {
  const config = contractConfig({
    PIPELINE_BACKEND: 'gcp',
    GOOGLE_CLOUD_PROJECT: 'test-project',
    BIGQUERY_EMULATOR_HOST: fake.url,
    BIGQUERY_LOCATION: 'us-west2',
    ...extra,
  });
  config.checks.maximum_bytes_billed = 123_456_789;
  return config;
}

const adapters = (config = gcpConfig(), opts: { timeoutMs?: number } = {}) =>
  createBigQueryWarehouse(config, { now: () => NOW }, { maxRetries: 0, ...opts });

describeZetaSql('BigQuery adapter against the fake REST API', () => {
  it('sends parameterized queries with maximumBytesBilled, location and labels, and no user text in SQL', async () => {
    const { warehouse } = adapters();
    await warehouse.dailyCounts(
      gcpConfig().checks.completeness.targets[0]!,
      '2026-02-06',
      '2026-02-19',
      'America/New_York',
    );
    await warehouse.phaseCompletions(['phase2', 'phase2_to_phase3'], '2026-02-17', '2026-02-19');
    await warehouse.failureStreaks(new Date('2026-02-06T18:00:00.000Z'));
    const [counts, phases, streaks] = fake.queries();
    expect(counts).toMatchObject({
      // jobTimeoutMs only travels on a job, so every query is a job (jobs.insert), never jobs.query.
      api: 'jobs.insert',
      jobTimeoutMs: '60000',
      label: 'daily_counts',
      params: { from: '2026-02-06', to: '2026-02-19' },
      paramTypes: { from: 'DATE', to: 'DATE' },
      maximumBytesBilled: '123456789',
      location: 'us-west2',
    });
    const job = counts!.body.configuration as { query: Record<string, unknown>; labels: unknown };
    expect(job.query.useLegacySql).toBe(false);
    expect(job.labels).toEqual({ app: 'pipeline-bot', query: 'daily_counts' });
    expect(counts!.sql).toContain('FROM `test-project.nba_raw.nbac_schedule`');
    expect(counts!.sql).toContain('WHERE `game_date` BETWEEN @from AND @to');
    expect(phases).toMatchObject({
      params: { phases: ['phase2', 'phase2_to_phase3'], from: '2026-02-17', to: '2026-02-19' },
      paramTypes: { phases: 'ARRAY<STRING>' },
    });
    expect(phases!.sql).toContain('game_date BETWEEN @from AND @to');
    expect(streaks).toMatchObject({
      params: { since: '2026-02-06T18:00:00.000Z' },
      paramTypes: { since: 'TIMESTAMP' },
    });
    expect(streaks!.sql).toContain('WHERE triggered_at >= @since');
    for (const q of fake.queries()) {
      expect(q.sql).not.toMatch(/2026-|phase2'/);
      expect(q.maximumBytesBilled).toBe('123456789');
      expect(q.jobTimeoutMs).toBe('60000');
    }
    expect(metadataHits).toBe(0);
  });

  it('polls while the job reports jobComplete:false, then reads every page', async () => {
    const target = gcpConfig().checks.completeness.targets[0]!;
    const rows = [];
    for (let d = 1; d <= 9; d++)
      for (let g = 0; g < 3; g++) rows.push({ game_date: `2026-02-0${d}`, game_id: `${d}-${g}` });
    fake.tables.set('nba_raw.nbac_schedule', rows);
    fake.setPending(2);
    fake.setPageSize(4);
    const counts = await adapters().warehouse.dailyCounts(
      target,
      '2026-02-01',
      '2026-02-09',
      'America/New_York',
    );
    expect(counts).toHaveLength(9);
    expect(counts.every((c) => c.expected === 3 && c.actual === 0)).toBe(true);
    const gets = fake.requests().filter((r) => r.method === 'GET' && r.path.includes('/queries/'));
    expect(gets.filter((r) => !r.query.pageToken).length).toBeGreaterThanOrEqual(1);
    expect(gets.map((r) => r.query.pageToken).filter(Boolean)).toEqual(['4', '8']);
  });

  it('reads TIMESTAMPs sent as int64 microseconds exactly, and INT64 counts as exact numbers', async () => {
    fake.tables.set('nba_orchestration.scraper_execution_log', [
      { scraper_name: 's', status: 'failed', triggered_at: '1771596000123456', error_message: 'x' },
      { scraper_name: 's', status: 'success', triggered_at: '1771590000000000', error_message: null },
    ]);
    const [s] = await adapters().warehouse.failureStreaks(new Date(0));
    expect(s!.streakStart!.toISOString()).toBe('2026-02-20T14:00:00.123Z');
    expect(s!.lastOkAt!.toISOString()).toBe('2026-02-20T12:20:00.000Z');
    expect(s!.streak).toBe(1);
    expect(exactInt('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => exactInt('9007199254740993')).toThrow(RangeError);
    expect(toDate('1771596000123456')!.getTime()).toBe(1771596000123);
  });

  it('turns a BigQuery 500 into a check_health error, never a crash', async () => {
    fake.failNext(5, 500);
    const results = await runChecks([completenessCheck], {
      config: gcpConfig(),
      clock: { now: () => NOW },
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: everyDateHasGames,
      warehouse: adapters().warehouse,
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ check: 'check_health', subject: 'completeness', status: 'error' });
    expect(results[0]!.summary).toMatch(/could not run/);
  });

  it('turns a query slower than the timeout into a check_health error', async () => {
    fake.setLatency(500);
    const results = await runChecks([completenessCheck], {
      config: gcpConfig(),
      clock: { now: () => NOW },
      completions: { getMany: async () => [], ping: async () => {} },
      schedule: everyDateHasGames,
      warehouse: adapters(gcpConfig(), { timeoutMs: 100 }).warehouse,
    });
    expect(results[0]).toMatchObject({
      check: 'check_health',
      status: 'error',
      details: { code: 'WAREHOUSE_TIMEOUT' },
    });
  });

  it('writes check history with insertAll, one insertId per row, batched per table', async () => {
    const { warehouse } = adapters();
    const at = new Date('2026-02-20T18:00:00Z');
    await warehouse.recordRun(validationRun({ startedAt: at }), [
      validationResult({ subject: 'phase2_to_phase3:2026-02-19', summary: 's', observedAt: at }),
      validationResult({
        check: 'drift',
        subject: 'x',
        status: 'ok',
        summary: 'd',
        details: {},
        observedAt: at,
      }),
    ]);
    const inserts = fake.requests().filter((r) => r.path.endsWith('/insertAll'));
    expect(inserts.map((r) => r.path)).toEqual([
      '/projects/test-project/datasets/nba_orchestration/tables/validation_results/insertAll',
      '/projects/test-project/datasets/nba_orchestration/tables/validation_runs/insertAll',
    ]);
    expect(fake.inserts('nba_orchestration.validation_results').map((i) => i.insertId)).toEqual([
      'run-1:stuck:phase2_to_phase3:2026-02-19',
      'run-1:drift:x',
    ]);
    expect(fake.inserts('nba_orchestration.validation_results')[0]!.json).toMatchObject({
      run_id: 'run-1',
      check: 'stuck',
      status: 'fail',
      details: '{"a":1}',
      observed_at: '2026-02-20T18:00:00.000Z',
    });
    expect(fake.inserts('nba_orchestration.validation_runs')[0]).toMatchObject({
      insertId: 'run-1',
      json: { run_id: 'run-1', trigger: 'cron', status: 'fail', checks_run: 2, checks_failed: 1 },
    });
  });

  it('serves the schedule from BigQuery when config.schedule is set, cached between calls', async () => {
    fake.tables.set('nba_raw.nbac_schedule', [
      { game_date: '2026-02-18', game_id: 'a' },
      { game_date: '2026-02-18', game_id: 'b' },
      { game_date: '2026-02-19', game_id: null },
    ]);
    const config = gcpConfig();
    config.schedule = { table: 'nba_raw.nbac_schedule', date_column: 'game_date', count_distinct: 'game_id' };
    const { schedule } = adapters(config);
    const games = await schedule!.gamesOn(['2026-02-17', '2026-02-18', '2026-02-19']);
    expect([...games]).toEqual([
      ['2026-02-17', 0],
      ['2026-02-18', 2],
      ['2026-02-19', 0], // a NULL game id is no game
    ]);
    await schedule!.gamesOn(['2026-02-18']);
    expect(fake.queries('schedule')).toHaveLength(1);
  });

  it('reads each date column type from the table schema once, and says clearly when it does not fit', async () => {
    const config = gcpConfig();
    const target = config.checks.completeness.targets[0]!;
    const { warehouse } = adapters(config);
    await warehouse.dailyCounts(target, '2026-02-01', '2026-02-02', 'America/New_York');
    await warehouse.dailyCounts(target, '2026-02-03', '2026-02-04', 'America/New_York');
    const schemaReads = fake.requests().filter((r) => r.method === 'GET' && r.path.includes('/tables/'));
    expect(schemaReads.map((r) => r.path).sort()).toEqual([
      '/projects/test-project/datasets/nba_raw/tables/nbac_gamebook_player_stats',
      '/projects/test-project/datasets/nba_raw/tables/nbac_schedule',
    ]);
    const wrong = { ...target, actual: { ...target.actual, date_column: 'game_id' } };
    await expect(warehouse.dailyCounts(wrong, '2026-02-01', '2026-02-02', 'UTC')).rejects.toThrow(
      'column game_id of nba_raw.nbac_gamebook_player_stats is STRING; a date column must be DATE, DATETIME or TIMESTAMP',
    );
    const absent = { ...target, actual: { ...target.actual, date_column: 'played_on' } };
    await expect(warehouse.dailyCounts(absent, '2026-02-01', '2026-02-02', 'UTC')).rejects.toThrow(
      'table nba_raw.nbac_gamebook_player_stats has no column played_on',
    );
  });

  it('refuses identifiers that are not plain names before any query', () => {
    expect(tableRef('nba_raw.nbac_schedule', 'p-1')).toBe('`p-1.nba_raw.nbac_schedule`');
    expect(() => tableRef('nba_raw.x`; DROP TABLE y; --', 'p')).toThrow(IdentifierError);
    expect(() => tableRef('only_table', 'p')).toThrow(IdentifierError);
    const config = gcpConfig();
    config.checks.completeness.targets[0]!.actual.date_column = 'game_date` OR 1=1 --';
    return expect(
      adapters(config).warehouse.dailyCounts(
        config.checks.completeness.targets[0]!,
        '2026-02-01',
        '2026-02-02',
        'America/New_York',
      ),
    ).rejects.toThrow(IdentifierError);
  });

  it('also works through jobs.insert + getQueryResults (fast query path disabled)', async () => {
    process.env.FAST_QUERY_PATH = 'DISABLED';
    try {
      fake.tables.set('nba_orchestration.phase_completions', [
        { game_date: '2026-02-18', phase: 'phase2', is_triggered: true, updated_at: '1771400000000000' },
      ]);
      const rows = await adapters().warehouse.phaseCompletions(['phase2'], '2026-02-17', '2026-02-19');
      expect(rows).toMatchObject([{ gameDate: '2026-02-18', isTriggered: true }]);
      const [q] = fake.queries();
      expect(q).toMatchObject({ api: 'jobs.insert', maximumBytesBilled: '123456789', location: 'us-west2' });
    } finally {
      delete process.env.FAST_QUERY_PATH;
    }
  });
});
