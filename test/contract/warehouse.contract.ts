/**
 * Behaviour every `Warehouse` adapter must share (embedded SQLite, BigQuery). Call
 * `warehouseContract(name, factory)` from a `*.test.ts` file; `factory` builds a fresh, empty warehouse
 * for each test and the seed functions store data as the pipeline would.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCompletionStore, LocalSchedule } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import type { RunLogEntry } from '../../src/adapters/local/warehouse.js';
import { completenessCheck } from '../../src/checks/completeness.js';
import { consecutiveFailuresCheck } from '../../src/checks/consecutive-failures.js';
import { reconcileCheck } from '../../src/checks/reconcile.js';
import { runChecks } from '../../src/checks/runner.js';
import type { Check, CheckResult } from '../../src/checks/types.js';
import { type Config, loadConfig } from '../../src/config.js';
import { addDays } from '../../src/pipeline/dates.js';
import type { CountSpec, PhaseCompletionRow, Warehouse } from '../../src/warehouse/ports.js';
import { validationResult, validationRun } from '../support/builders.js';

export type DateColumnType = 'DATE' | 'DATETIME' | 'TIMESTAMP';

export interface WarehouseHarness {
  warehouse: Warehouse;
  /**
   * Rows of a completeness table: one per key (a `null` key is a row whose key column is NULL), whose date
   * column (typed `type`, default DATE) holds `date`: `YYYY-MM-DD`, a DATETIME text, or an instant.
   */
  seedCounts(
    spec: CountSpec,
    date: string | Date,
    keys: (string | null)[],
    type?: DateColumnType,
  ): Promise<void>;
  seedRuns(entries: RunLogEntry[]): Promise<void>;
  seedPhaseCompletions(rows: PhaseCompletionRow[]): Promise<void>;
  close(): Promise<void>;
}

/** 13:00 in New York: yesterday (2026-02-19) is due, today is 2026-02-20. */
export const NOW = new Date('2026-02-20T18:00:00Z');
export const TODAY = '2026-02-20';
/** The pipeline's time zone (the config default). */
export const TZ = 'America/New_York';

export function contractConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PIPELINE_BACKEND: 'local', ...env }, { fileExists: () => false });
}

export const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
export const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
export const only = (results: CheckResult[], check: string) => results.filter((r) => r.check === check);

/** Runs one check over `warehouse` at `NOW` (completion documents from `completions`, or none). */
export async function runCheck(
  warehouse: Warehouse,
  check: Check,
  cfg: Config,
  extra: { completions?: LocalCompletionStore } = {},
): Promise<CheckResult[]> {
  const db = openDb(':memory:');
  return runChecks([check], {
    config: cfg,
    clock: { now: () => NOW },
    completions: extra.completions ?? new LocalCompletionStore(db),
    schedule: new LocalSchedule(db),
    warehouse,
  });
}

export function warehouseContract(
  name: string,
  factory: () => Promise<WarehouseHarness>,
  opts: { skip?: boolean } = {},
): void {
  describe.skipIf(opts.skip)(`Warehouse contract: ${name}`, () => {
    let h: WarehouseHarness;
    const config = contractConfig();
    const target = config.checks.completeness.targets[0]!;

    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.close();
    });

    const run = (check: Check, cfg: Config = config, extra: { completions?: LocalCompletionStore } = {}) =>
      runCheck(h.warehouse, check, cfg, extra);

    /** Every day of the last 20 complete (10 games), except the given overrides. */
    async function seedDays(
      overrides: Record<string, { expected: number; actual: number }> = {},
      total = 10,
    ) {
      for (let i = 1; i <= 20; i++) {
        const date = addDays(TODAY, -i);
        const o = overrides[date] ?? { expected: total, actual: total };
        const games = ids(date, o.expected);
        await h.seedCounts(target.expected, date, games);
        await h.seedCounts(target.actual, date, games.slice(0, o.actual));
      }
    }

    describe('dailyCounts', () => {
      it('returns distinct expected and actual counts per date, only within the range', async () => {
        await h.seedCounts(target.expected, '2026-02-10', ['a', 'b', 'c', 'c']);
        await h.seedCounts(target.actual, '2026-02-10', ['a', 'a']);
        await h.seedCounts(target.expected, '2026-02-11', ['d']);
        await h.seedCounts(target.expected, '2026-02-12', ['e']);
        const counts = await h.warehouse.dailyCounts(target, '2026-02-10', '2026-02-11', 'America/New_York');
        expect(counts).toEqual([
          { date: '2026-02-10', expected: 3, actual: 1 },
          { date: '2026-02-11', expected: 1, actual: 0 },
        ]);
      });
    });

    describe('completeness check', () => {
      it('finds a gap 10 days back and names its day and percentage', async () => {
        const gap = addDays(TODAY, -10);
        await seedDays({ [gap]: { expected: 8, actual: 2 } });
        const [r] = only(await run(completenessCheck), 'completeness');
        expect(r!.status).toBe('fail');
        expect(r!.subject).toBe('boxscores');
        expect(r!.details.gaps).toEqual([gap]);
        expect(r!.summary).toContain(`${gap} (2/8 = 25%)`);
      });

      // The check's own rules (the 80% threshold, days without games, lookback_days) are unit-tested over
      // given counts in test/unit/warehouse-checks.test.ts; here, one gap found through each adapter.
    });

    describe('failure streaks', () => {
      it('reports a 148-run streak of one scraper with its start and last error', async () => {
        const runs: RunLogEntry[] = [];
        for (let i = 0; i < 160; i++) {
          const failed = i >= 12;
          runs.push({
            kind: 'scraper',
            name: 'nbac_injury_report',
            status: failed ? 'failed' : 'success',
            triggeredAt: minutesAgo((159 - i) * 15),
            errorMessage: failed ? `HTTP 403 #${i}` : undefined,
          });
          runs.push({
            kind: 'scraper',
            name: 'bdl_box_scores',
            status: 'success',
            triggeredAt: minutesAgo((159 - i) * 15),
          });
        }
        await h.seedRuns(runs);
        const streaks = await h.warehouse.failureStreaks(new Date(NOW.getTime() - 14 * 86_400_000));
        const s = streaks.find((x) => x.name === 'nbac_injury_report')!;
        expect(s.streak).toBe(148);
        expect(s.streakStart).toEqual(minutesAgo(147 * 15));
        expect(s.lastOkAt).toEqual(minutesAgo(148 * 15));
        expect(s.lastError).toBe('HTTP 403 #159');
        expect(streaks.find((x) => x.name === 'bdl_box_scores')!.streak).toBe(0);

        const results = only(await run(consecutiveFailuresCheck), 'consecutive_failures');
        const fail = results.find((r) => r.subject === 'scraper:nbac_injury_report')!;
        expect(fail.status).toBe('fail');
        expect(fail.summary).toContain('148 times in a row');
        expect(fail.details.streak_start).toBe(minutesAgo(147 * 15).toISOString());
        expect(results.find((r) => r.subject === 'scraper:bdl_box_scores')!.status).toBe('ok');
      });

      it('a success resets the streak', async () => {
        const statuses = [
          'failed',
          'failed',
          'failed',
          'failed',
          'failed',
          'failed',
          'success',
          'failed',
          'failed',
        ];
        await h.seedRuns(
          statuses.map((status, i) => ({
            kind: 'processor' as const,
            name: 'p2_odds_game_lines',
            status,
            triggeredAt: minutesAgo((statuses.length - i) * 60),
            errorMessage: status === 'failed' ? 'boom' : undefined,
          })),
        );
        const [s] = await h.warehouse.failureStreaks(new Date(NOW.getTime() - 86_400_000));
        expect(s).toMatchObject({
          kind: 'processor',
          name: 'p2_odds_game_lines',
          streak: 2,
          lastOkAt: minutesAgo(3 * 60),
        });
        const [r] = only(await run(consecutiveFailuresCheck), 'consecutive_failures');
        expect(r!.status).toBe('ok');
      });

      it('reads only runs since the given instant, and says so when no run in it succeeded', async () => {
        await h.seedRuns([
          { kind: 'scraper', name: 'x', status: 'success', triggeredAt: minutesAgo(600) },
          { kind: 'scraper', name: 'x', status: 'failed', triggeredAt: minutesAgo(60) },
          { kind: 'scraper', name: 'x', status: 'failed', triggeredAt: minutesAgo(30) },
        ]);
        const [s] = await h.warehouse.failureStreaks(minutesAgo(120));
        expect(s!.streak).toBe(2);
        expect(s!.lastOkAt).toBeUndefined();
        expect(s!.lastRunAt).toEqual(minutesAgo(30));
      });
    });

    describe('phase completions and reconcile', () => {
      it('returns the latest row per date and phase, for the asked phases and dates only', async () => {
        await h.seedPhaseCompletions([
          {
            gameDate: '2026-02-18',
            phase: 'phase2',
            isTriggered: false,
            completedProcessorCount: 4,
            updatedAt: minutesAgo(300),
          },
          {
            gameDate: '2026-02-18',
            phase: 'phase2',
            isTriggered: true,
            triggerReason: 'all_complete',
            completedProcessorCount: 5,
            updatedAt: minutesAgo(200),
          },
          { gameDate: '2026-02-18', phase: 'phase9', isTriggered: true, updatedAt: minutesAgo(200) },
          { gameDate: '2026-02-10', phase: 'phase2', isTriggered: true, updatedAt: minutesAgo(200) },
        ]);
        const rows = await h.warehouse.phaseCompletions(['phase2', 'phase3'], '2026-02-17', '2026-02-19');
        expect(rows).toEqual([
          {
            gameDate: '2026-02-18',
            phase: 'phase2',
            isTriggered: true,
            triggerReason: 'all_complete',
            completedProcessorCount: 5,
            updatedAt: minutesAgo(200),
          },
        ]);
      });

      it('reconcile fires in each direction of disagreement and stays quiet when both agree', async () => {
        const db = openDb(':memory:');
        const completions = new LocalCompletionStore(db);
        const done = { status: 'success', completed_at: minutesAgo(400) };
        const p2 = Object.fromEntries(config.transitions[0]!.expected_processors.map((p) => [p, done]));
        // phase2_to_phase3 works on yesterday (2026-02-19) and the two dates before.
        await completions.put('phase2_completion', '2026-02-19', {
          ...p2,
          _triggered: true,
          _triggered_at: minutesAgo(390),
        });
        await completions.put('phase2_completion', '2026-02-18', { ...p2, _triggered: false });
        await completions.put('phase2_completion', '2026-02-17', {
          ...p2,
          _triggered: true,
          _triggered_at: minutesAgo(390),
        });
        await h.seedPhaseCompletions([
          { gameDate: '2026-02-19', phase: 'phase2', isTriggered: false, updatedAt: minutesAgo(395) },
          { gameDate: '2026-02-18', phase: 'phase2', isTriggered: true, updatedAt: minutesAgo(380) },
          { gameDate: '2026-02-17', phase: 'phase2', isTriggered: true, updatedAt: minutesAgo(385) },
        ]);
        const results = only(await run(reconcileCheck, config, { completions }), 'reconcile');
        const by = (s: string) => results.find((r) => r.subject === s)!;
        expect(by('phase2_to_phase3:2026-02-19').status).toBe('fail');
        expect(by('phase2_to_phase3:2026-02-19').summary).toContain('Firestore `_triggered` is true');
        expect(by('phase2_to_phase3:2026-02-18').status).toBe('fail');
        expect(by('phase2_to_phase3:2026-02-18').summary).toContain('Firestore `_triggered` is false');
        expect(by('phase2_to_phase3:2026-02-17').status).toBe('ok');
        expect(by('phase2_to_phase3:2026-02-18')).toMatchObject({
          transition: 'phase2_to_phase3',
          date: '2026-02-18',
        });
      });
    });

    describe('check history', () => {
      it('records runs and results, idempotently, and ranks the most frequently failing checks', async () => {
        const result = (
          check: string,
          subject: string,
          status: 'ok' | 'fail' | 'error',
          at: Date,
          runId: string,
        ) =>
          validationResult({
            runId,
            check,
            subject,
            status,
            summary: `${check} ${subject} ${status}`,
            details: { n: 1 },
            observedAt: at,
          });
        const day1 = minutesAgo(26 * 60);
        const day2 = minutesAgo(60);
        const runs = [
          {
            id: 'r1',
            at: day1,
            results: [result('stuck', 'a', 'fail', day1, 'r1'), result('drift', 'x', 'ok', day1, 'r1')],
          },
          {
            id: 'r2',
            at: day2,
            results: [
              result('stuck', 'b', 'fail', day2, 'r2'),
              result('reconcile', 'c', 'fail', day2, 'r2'),
              result('check_health', 'completeness', 'error', day2, 'r2'),
            ],
          },
        ];
        for (const r of runs) {
          const run = validationRun({ runId: r.id, startedAt: r.at, checksRun: 3 });
          await h.warehouse.recordRun(run, r.results);
          await h.warehouse.recordRun(run, r.results); // a retry must not double count
        }
        const stats = await h.warehouse.failingChecks(minutesAgo(30 * 24 * 60), 10, TZ);
        expect(stats.map((s) => s.check)).toEqual(['stuck', 'check_health', 'reconcile']);
        expect(stats[0]).toMatchObject({
          check: 'stuck',
          failures: 2,
          subjects: 2,
          days: 2,
          lastSubject: 'b',
          lastSummary: 'stuck b fail',
        });
        expect(stats[0]!.lastSeen).toEqual(day2);
        expect(await h.warehouse.failingChecks(minutesAgo(30 * 24 * 60), 1, TZ)).toHaveLength(1);
        expect((await h.warehouse.failingChecks(minutesAgo(120), 10, TZ)).map((s) => s.check)).not.toContain(
          'drift',
        );
      });
    });
  });
}
