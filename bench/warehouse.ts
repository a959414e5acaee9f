/**
 * Warehouse cost benchmark (issue 5): a simulated day of scheduled completeness runs every 15 minutes,
 * counting the queries issued and the days of data scanned, against a naive design that re-reads the whole
 * 14-day window on every run. Runs on the embedded store, so it needs no cloud.
 */
import { openDb } from '../src/adapters/local/db.js';
import { LocalWarehouse } from '../src/adapters/local/warehouse.js';
import { readCompleteness } from '../src/checks/completeness.js';
import { loadConfig } from '../src/config.js';
import { addDays, dateRange, localDate, localInstant } from '../src/pipeline/dates.js';
import { CachedWarehouse } from '../src/warehouse/cached.js';
import type { Warehouse } from '../src/warehouse/ports.js';

export interface WarehouseBenchResult {
  runs: number;
  lookbackDays: number;
  targets: number;
  naive: { queries: number; daysScanned: number };
  cached: { queries: number; daysScanned: number };
  /** Days scanned, naive ÷ cached, on the first (cold) day and on the following (warm) day. */
  ratio: number;
  warmDay: { queries: number; daysScanned: number; ratio: number };
  ms: number;
}

const RUN_EVERY_MIN = 15;

export async function runWarehouseBench(opts: { print?: boolean } = {}): Promise<WarehouseBenchResult> {
  const started = performance.now();
  const config = loadConfig({ PIPELINE_BACKEND: 'local' }, { fileExists: () => false });
  const tz = config.timezone;
  const lookback = config.checks.completeness.lookback_days;
  const targets = config.checks.completeness.targets;
  const db = openDb(':memory:');
  const local = new LocalWarehouse(db);
  const day0 = '2026-02-10';
  for (const d of dateRange(addDays(day0, -30), addDays(day0, 2))) {
    for (const t of targets) {
      const ids = Array.from({ length: 8 }, (_, i) => `${d}-${i}`);
      local.addRows(t.expected.table, d, ids);
      local.addRows(t.actual.table, d, ids);
    }
  }
  let now = localInstant(day0, '00:05', tz);
  const cached = new CachedWarehouse(local, { now: () => now }, tz);
  const naive = { queries: 0, daysScanned: 0 };
  const naiveWarehouse: Warehouse = Object.assign(Object.create(local) as Warehouse, {
    dailyCounts: (t: (typeof targets)[number], from: string, to: string, zone: string) => {
      naive.queries++;
      naive.daysScanned += dateRange(from, to).length;
      return local.dailyCounts(t, from, to, zone);
    },
  });

  const runsPerDay = (24 * 60) / RUN_EVERY_MIN;
  let firstDay = { queries: 0, daysScanned: 0 };
  let naiveFirstDay = { queries: 0, daysScanned: 0 };
  for (let i = 0; i < 2 * runsPerDay; i++) {
    await readCompleteness(cached, config, now);
    await readCompleteness(naiveWarehouse, config, now);
    now = new Date(now.getTime() + RUN_EVERY_MIN * 60_000);
    if (i === runsPerDay - 1) {
      firstDay = { ...cached.stats };
      naiveFirstDay = { ...naive };
    }
  }
  const warm = {
    queries: cached.stats.queries - firstDay.queries,
    daysScanned: cached.stats.daysScanned - firstDay.daysScanned,
  };
  const naiveWarmDays = naive.daysScanned - naiveFirstDay.daysScanned;
  db.close();
  const result: WarehouseBenchResult = {
    runs: runsPerDay,
    lookbackDays: lookback,
    targets: targets.length,
    naive: naiveFirstDay,
    cached: firstDay,
    ratio: naiveFirstDay.daysScanned / firstDay.daysScanned,
    warmDay: { ...warm, ratio: naiveWarmDays / warm.daysScanned },
    ms: Math.round(performance.now() - started),
  };
  if (opts.print !== false) {
    const f = (n: number) => n.toFixed(1);
    console.log(
      [
        `warehouse: ${result.runs} completeness runs (every ${RUN_EVERY_MIN} min, ${localDate(localInstant(day0, '12:00', tz), tz)}), ${lookback}-day window, ${result.targets} target(s)`,
        `  naive (re-read ${lookback} days every run): ${result.naive.queries} queries, ${result.naive.daysScanned} days scanned`,
        `  closed-day cache, cold start:             ${result.cached.queries} queries, ${result.cached.daysScanned} days scanned  → ${f(result.ratio)}× fewer days (target ≥ 10×)`,
        `  closed-day cache, next day (warm):        ${result.warmDay.queries} queries, ${result.warmDay.daysScanned} days scanned  → ${f(result.warmDay.ratio)}× fewer days`,
        `  (${result.ms} ms)`,
      ].join('\n'),
    );
  }
  return result;
}
