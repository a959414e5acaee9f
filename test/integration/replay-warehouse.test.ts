/**
 * Replay reads the warehouse as of the simulated clock, on both backends: a failure streak stored in the
 * run log fires `consecutive_failures` at the first warehouse run (`checks.warehouse_cron`) after the run
 * that reached the threshold, and resolves at the first one after a success — not at the start of the
 * replay, although every row is already stored — exactly as the live bot did while the rows were written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBigQueryWarehouse } from '../../src/adapters/bigquery/index.js';
import { everyDateHasGames, LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import { LocalWarehouse, type RunLogEntry } from '../../src/adapters/local/warehouse.js';
import { MemorySilenceStore } from '../../src/adapters/memory/stores.js';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { nextTickAfter, runReplay } from '../../src/replay/engine.js';
import { TimelineAlertStore } from '../../src/replay/timeline.js';
import { createDeps } from '../../src/service.js';
import type { Warehouse } from '../../src/warehouse/ports.js';
import { contractConfig } from '../contract/warehouse.contract.js';
import { describeZetaSql, type FakeBigQuery, startFakeBigQuery } from '../support/fake-bigquery.js';
import { FakeClock, ny } from '../support/fixtures.js';
import { MemoryAlertStore, MemoryLeaseStore, RecordingChat } from '../support/memory.js';

const DAY = '2026-02-09';
/** Hourly runs at :07 (off the warehouse cadence): five failures from 01:07, then a success at 06:07. */
const RUNS: RunLogEntry[] = [1, 2, 3, 4, 5, 6].map((h) => ({
  kind: 'scraper',
  name: 'nbac_injury_report',
  status: h < 6 ? 'failed' : 'success',
  triggeredAt: ny(DAY, `0${h}:07`),
  errorMessage: h < 6 ? 'HTTP 403' : undefined,
}));

function replayConfig(config: Config): Config {
  return {
    ...config,
    checks: {
      ...config.checks,
      fast_cron: '*/5 * * * *',
      warehouse_cron: '*/15 * * * *',
      consecutive_failures: { threshold: 3 },
      completeness: { ...config.checks.completeness, targets: [] },
    },
  };
}

async function streakEvents(config: Config, warehouse: Warehouse) {
  const db = openDb(':memory:');
  try {
    const result = await runReplay(
      { config, completions: new LocalCompletionStore(db), schedule: everyDateHasGames, warehouse },
      { from: ny(DAY, '00:00'), to: ny(DAY, '08:00'), digest: false },
    );
    return result.events
      .filter((e) => e.kind !== 'digest' && e.check === 'consecutive_failures')
      .map((e) => ({ kind: e.kind, at: e.at, subject: 'subject' in e ? e.subject : '' }));
  } finally {
    db.close();
  }
}

const expected = [
  // The third failure (03:07) is seen by the 03:15 warehouse run.
  { kind: 'fired', at: ny(DAY, '03:15'), subject: 'scraper:nbac_injury_report' },
  // Reminders are not the point here; the success of 06:07 resolves it at 06:15.
  { kind: 'resolved', at: ny(DAY, '06:15'), subject: 'scraper:nbac_injury_report' },
];
const withoutReminders = (events: Awaited<ReturnType<typeof streakEvents>>) =>
  events.filter((e) => e.kind !== 'reminded');

describe('replay of warehouse checks on the embedded store', () => {
  it('fires a stored failure streak when it happened and resolves it when the success lands', async () => {
    const db = openDb(':memory:');
    const warehouse = new LocalWarehouse(db);
    warehouse.addRuns(RUNS);
    const events = await streakEvents(replayConfig(contractConfig()), warehouse);
    db.close();
    expect(withoutReminders(events)).toEqual(expected);
  });

  it('gives the timeline the live bot produced while the rows were being written', async () => {
    const config = replayConfig(contractConfig());
    const liveDb = openDb(':memory:');
    const liveWarehouse = new LocalWarehouse(liveDb);
    const clock = new FakeClock(ny(DAY, '00:00'));
    const alerts = new TimelineAlertStore(new MemoryAlertStore(), clock);
    const deps = createDeps(
      config,
      clock,
      createLogger('silent'),
      {
        kind: 'local',
        completions: new LocalCompletionStore(liveDb),
        schedule: everyDateHasGames,
        alerts,
        leases: new MemoryLeaseStore(),
        silences: new MemorySilenceStore(),
        warehouse: liveWarehouse,
        probes: [],
        close: async () => {},
      },
      { chat: new RecordingChat(), instanceId: 'live', fallbackChannel: 'C0ALERTS' },
    );
    const pending = [...RUNS];
    for (let t = ny(DAY, '00:00'); t <= ny(DAY, '08:00'); ) {
      clock.set(t);
      while (pending.length && pending[0]!.triggeredAt <= t) liveWarehouse.addRuns([pending.shift()!]);
      t = nextTickAfter(t, await deps.runScheduledChecks('cron'), config);
    }
    liveDb.close();
    const live = alerts.events
      .filter((e) => e.kind !== 'digest' && e.check === 'consecutive_failures')
      .map((e) => ({ kind: e.kind, at: e.at, subject: 'subject' in e ? e.subject : '' }));
    const db = openDb(':memory:');
    const stored = new LocalWarehouse(db);
    stored.addRuns(RUNS);
    expect(await streakEvents(config, stored)).toEqual(live);
    db.close();
    expect(withoutReminders(live)).toEqual(expected);
  });
});

let fake: FakeBigQuery | undefined;
describeZetaSql('replay of warehouse checks on BigQuery (fake REST API, ZetaSQL)', () => {
  beforeAll(async () => {
    fake = await startFakeBigQuery();
  });
  afterAll(async () => fake?.close());

  it('fires and resolves at the same simulated times, every query as of its instant', {
    timeout: 120_000,
  }, async () => {
    fake!.reset();
    fake!.tables.set(
      'nba_orchestration.scraper_execution_log',
      RUNS.map((r) => ({
        scraper_name: r.name,
        status: r.status,
        triggered_at: r.triggeredAt,
        error_message: r.errorMessage ?? null,
      })),
    );
    const config = replayConfig(
      contractConfig({
        PIPELINE_BACKEND: 'gcp',
        GOOGLE_CLOUD_PROJECT: 'test-project',
        BIGQUERY_EMULATOR_HOST: fake!.url,
      }),
    );
    const { warehouse } = createBigQueryWarehouse(config, { now: () => new Date() }, { maxRetries: 0 });
    const events = await streakEvents(config, warehouse);
    expect(withoutReminders(events)).toEqual(expected);
    const streakQueries = fake!.queries().filter((q) => q.label === 'failure_streaks');
    // 00:00 … 08:00 every 15 minutes: 33 warehouse runs, each read as of its own instant.
    expect(streakQueries).toHaveLength(33);
    expect(new Set(streakQueries.map((q) => JSON.stringify(q.params.as_of))).size).toBe(33);
    expect(fake!.errors()).toEqual([]);
  });
});
