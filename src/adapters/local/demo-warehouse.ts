/**
 * The demo's warehouse data (local mode), next to the Firestore demo of `demo.ts`, containing one of each
 * warehouse incident:
 * - completeness: box scores for only a quarter of the scheduled games 10 days back (a multi-day-gap
 *   style hole that validation-of-today never sees);
 * - consecutive failures: scraper `nbac_injury_report` failing its last 148 runs (every 15 minutes);
 * - reconcile: `phase_completions` disagreeing with Firestore both ways — yesterday's stuck Phase 2 is
 *   `is_triggered` in BigQuery, and two days ago BigQuery says not triggered while Firestore says it was.
 */
import type { Config } from '../../config.js';
import { addDays, dateRange } from '../../pipeline/dates.js';
import type { PhaseCompletionRow } from '../../warehouse/ports.js';
import type { LocalCompletionStore, LocalSchedule } from './completion-store.js';
import { DEMO_DAYS, type DemoLayout } from './demo.js';
import type { LocalWarehouse, RunLogEntry } from './warehouse.js';

/** Why: a scraper the real pipeline has, so the demo alert reads like a real one. */
export const DEMO_FAILING_SCRAPER = 'nbac_injury_report';
/** Why 148: 37 hours of 15-minute runs, far above the 5-failure threshold, as in the incident the plan names. */
export const DEMO_FAILURE_STREAK = 148;
/** Why 10: inside the completeness lookback (14 days) but older than any daily validation sees. */
export const DEMO_GAP_DAYS_BACK = 10;

/** Why these: a few of the real scrapers, enough to show one failing among healthy ones. */
const SCRAPERS = [
  DEMO_FAILING_SCRAPER,
  'nbac_schedule_api',
  'odds_api_game_lines',
  'bdl_box_scores',
  'nbac_gamebook_pdf',
];
/** Why 15 min: the scrapers' schedule in the real pipeline. */
const RUN_EVERY_MS = 15 * 60_000;

export interface DemoWarehouseLayout {
  gapDate: string;
  failingScraper: string;
  streakStart: Date;
  /** Phase 2 dates where BigQuery says triggered / not triggered against Firestore. */
  bigqueryTriggeredFirestoreNot: string;
  firestoreTriggeredBigqueryNot: string;
}

export async function seedDemoWarehouse(
  config: Config,
  warehouse: LocalWarehouse,
  completions: LocalCompletionStore,
  schedule: LocalSchedule,
  layout: DemoLayout,
  now: Date,
): Promise<DemoWarehouseLayout> {
  const gapDate = addDays(layout.today, -DEMO_GAP_DAYS_BACK);
  await seedTables(config, warehouse, schedule, layout.today, gapDate);
  const { runs, streakStart } = scraperRuns(now);
  warehouse.addRuns([...runs, ...processorRuns(config, now)]);
  const fsTrueBqFalse = addDays(layout.stuckGameDate, -1);
  warehouse.addPhaseCompletions(await phaseCompletionRows(config, completions, layout, fsTrueBqFalse, now));
  return {
    gapDate,
    failingScraper: DEMO_FAILING_SCRAPER,
    streakStart,
    bigqueryTriggeredFirestoreNot: layout.stuckGameDate,
    firestoreTriggeredBigqueryNot: fsTrueBqFalse,
  };
}

/** Every completeness target's expected and actual rows for 20 days; a quarter of them on `gapDate`. */
async function seedTables(
  config: Config,
  warehouse: LocalWarehouse,
  schedule: LocalSchedule,
  today: string,
  gapDate: string,
): Promise<void> {
  const dates = dateRange(addDays(today, -20), addDays(today, -1));
  const games = await schedule.gamesOn(dates);
  for (const target of config.checks.completeness.targets) {
    for (const date of dates) {
      const n = games.get(date) ?? 0;
      const ids = Array.from(
        { length: n },
        (_, i) => `${date.replaceAll('-', '')}${String(i + 1).padStart(2, '0')}`,
      );
      warehouse.addRows(target.expected.table, date, ids);
      warehouse.addRows(target.actual.table, date, date === gapDate ? ids.slice(0, Math.floor(n / 4)) : ids);
    }
  }
}

/** 160 runs per scraper, the latest now; the failing one succeeded before its last 148 runs. */
function scraperRuns(now: Date): { runs: RunLogEntry[]; streakStart: Date } {
  const runs: RunLogEntry[] = [];
  const total = DEMO_FAILURE_STREAK + 12;
  let streakStart = now;
  for (const name of SCRAPERS) {
    for (let i = 0; i < total; i++) {
      const triggeredAt = new Date(now.getTime() - (total - 1 - i) * RUN_EVERY_MS - 60_000);
      const failing = name === DEMO_FAILING_SCRAPER && i >= total - DEMO_FAILURE_STREAK;
      if (failing && i === total - DEMO_FAILURE_STREAK) streakStart = triggeredAt;
      // A short blip elsewhere: two failures then recovery, below the threshold.
      const blip = name === 'odds_api_game_lines' && (i === total - 20 || i === total - 19);
      runs.push({
        kind: 'scraper',
        name,
        status: failing || blip ? 'failed' : i % 7 === 3 ? 'no_data' : 'success',
        triggeredAt,
        errorMessage: failing
          ? 'HTTPError 403 Forbidden: stats.nba.com refused the request (IP blocked?)'
          : blip
            ? 'ReadTimeout after 30s'
            : undefined,
      });
    }
  }
  return { runs, streakStart };
}

/** One successful run a day per expected processor. */
function processorRuns(config: Config, now: Date): RunLogEntry[] {
  return config.transitions.flatMap((t) =>
    t.expected_processors.flatMap((name) =>
      Array.from({ length: DEMO_DAYS }, (_, k): RunLogEntry => {
        const i = DEMO_DAYS - 1 - k;
        return {
          kind: 'processor',
          name,
          status: 'success',
          triggeredAt: new Date(now.getTime() - i * 86_400_000 - 3 * 3_600_000),
        };
      }),
    ),
  );
}

/**
 * BigQuery's copy of each completion document; Phase 2 disagrees both ways (the stuck date is triggered
 * in BigQuery only, the day before in Firestore only).
 */
async function phaseCompletionRows(
  config: Config,
  completions: LocalCompletionStore,
  layout: DemoLayout,
  fsTrueBqFalse: string,
  now: Date,
): Promise<PhaseCompletionRow[]> {
  const rows: PhaseCompletionRow[] = [];
  for (const t of config.transitions) {
    const phase = t.collection.replace(/_completion$/, '');
    const current = addDays(layout.today, t.date_offset_days);
    const refs = dateRange(addDays(current, -(DEMO_DAYS - 1)), current).map((date) => ({
      collection: t.collection,
      date,
    }));
    for (const doc of await completions.getMany(refs)) {
      if (!doc.exists) continue;
      const isP2 = t.id === 'phase2_to_phase3';
      let isTriggered = doc.triggered;
      if (isP2 && doc.date === layout.stuckGameDate) isTriggered = true;
      if (isP2 && doc.date === fsTrueBqFalse) isTriggered = false;
      const completedAt = Object.values(doc.processors)
        .map((p) => p.completedAt?.getTime() ?? 0)
        .reduce((a, b) => Math.max(a, b), 0);
      rows.push({
        gameDate: doc.date,
        phase,
        isTriggered,
        triggerReason: isTriggered ? (doc.triggerReason ?? 'all_complete') : undefined,
        completedProcessorCount: Object.keys(doc.processors).length,
        updatedAt:
          doc.triggeredAt ?? new Date(Math.min(completedAt || now.getTime(), now.getTime() - 2 * 3_600_000)),
      });
    }
  }
  return rows;
}
