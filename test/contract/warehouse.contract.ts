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
const TZ = 'America/New_York';

export function contractConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PIPELINE_BACKEND: 'local', ...env }, { fileExists: () => false });
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

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

    async function run(
      check: Check,
      cfg: Config = config,
      extra: { completions?: LocalCompletionStore } = {},
    ) {
      const db = openDb(':memory:');
      const results = await runChecks([check], {
        config: cfg,
        clock: { now: () => NOW },
        completions: extra.completions ?? new LocalCompletionStore(db),
        schedule: new LocalSchedule(db),
        warehouse: h.warehouse,
      });
      return results;
    }
    const only = (results: CheckResult[], check: string) => results.filter((r) => r.check === check);

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

    describe('edge case: NULL keys', () => {
      it('a row whose key is NULL is not a record: 11 expected games, not 12; a NULL-only day has none', async () => {
        const games = ids('g', 11);
        await h.seedCounts(target.expected, '2026-02-10', [...games, null]);
        await h.seedCounts(target.actual, '2026-02-10', [...games.slice(0, 9), null, null]);
        await h.seedCounts(target.expected, '2026-02-11', [null]);
        const counts = await h.warehouse.dailyCounts(target, '2026-02-10', '2026-02-11', 'America/New_York');
        expect(counts.filter((c) => c.expected > 0 || c.actual > 0)).toEqual([
          { date: '2026-02-10', expected: 11, actual: 9 },
        ]);
      });
    });

    describe('edge case: completeness by matched keys (match: keys)', () => {
      const keysTarget = { ...target, match: 'keys' as const };
      async function seedMismatch() {
        await h.seedCounts(target.expected, '2026-02-18', ['G1', 'G2', 'G3', 'G4', 'G5']);
        await h.seedCounts(target.actual, '2026-02-18', ['G1', 'G2', 'G3', 'GX', 'GY', null]);
      }

      it('counts only expected ids with an actual row and names the missing ones; counts alone read 100%', async () => {
        await seedMismatch();
        expect(await h.warehouse.dailyCounts(target, '2026-02-18', '2026-02-18', TZ)).toEqual([
          { date: '2026-02-18', expected: 5, actual: 5 },
        ]);
        expect(await h.warehouse.dailyCounts(keysTarget, '2026-02-18', '2026-02-18', TZ)).toEqual([
          { date: '2026-02-18', expected: 5, actual: 3, missing: ['G4', 'G5'] },
        ]);
      });

      it('the completeness check names the expected ids with no actual row', async () => {
        await seedMismatch();
        const keysConfig = contractConfig();
        keysConfig.checks.completeness.targets = [keysTarget];
        const [r] = only(await run(completenessCheck, keysConfig), 'completeness');
        expect(r!.status).toBe('fail');
        expect(r!.summary).toContain(
          '2026-02-18 (3/5 = 60%: G4, G5 have no row in nba_raw.nbac_gamebook_player_stats)',
        );
        const day = (r!.details.days as { date: string; missing?: string[] }[]).find(
          (d) => d.date === '2026-02-18',
        );
        expect(day!.missing).toEqual(['G4', 'G5']);
        expect(only(await run(completenessCheck), 'completeness')[0]!.status).toBe('ok');
      });
    });

    describe('edge case: the date column type', () => {
      const ts = { table: 'nba_raw.box_events', date_column: 'loaded_at', count_distinct: 'game_id' };
      const dt = { table: 'nba_raw.box_local', date_column: 'loaded_local', count_distinct: 'game_id' };

      it('a DATETIME or TIMESTAMP date column counts each row on its day in the pipeline time zone, last day included', async () => {
        await h.seedCounts(target.expected, '2026-02-18', ['G1', 'G2']);
        await h.seedCounts(target.expected, '2026-02-19', ['G3']);
        // TIMESTAMP: 03:00Z on the 19th is 22:00 on the 18th in New York; 05:30Z is 00:30 on the 19th.
        await h.seedCounts(ts, new Date('2026-02-19T03:00:00Z'), ['G1'], 'TIMESTAMP');
        await h.seedCounts(ts, new Date('2026-02-19T05:30:00Z'), ['G3'], 'TIMESTAMP');
        await h.seedCounts(ts, new Date('2026-02-18T04:00:00Z'), ['G0'], 'TIMESTAMP');
        // DATETIME (wall time): the last second of the last day counts, midnight after does not.
        await h.seedCounts(dt, '2026-02-18T23:59:59', ['G1', 'G2'], 'DATETIME');
        await h.seedCounts(dt, '2026-02-19T00:00:00', ['G3'], 'DATETIME');
        const on18 = (actual: CountSpec) =>
          h.warehouse.dailyCounts(
            { name: 'x', expected: target.expected, actual },
            '2026-02-18',
            '2026-02-18',
            TZ,
          );
        expect(await on18(ts)).toEqual([{ date: '2026-02-18', expected: 2, actual: 1 }]);
        expect(await on18(dt)).toEqual([{ date: '2026-02-18', expected: 2, actual: 2 }]);
        const both = await h.warehouse.dailyCounts(
          { name: 'x', expected: target.expected, actual: ts, match: 'keys' },
          '2026-02-17',
          '2026-02-19',
          TZ,
        );
        expect(both).toEqual([
          { date: '2026-02-18', expected: 2, actual: 1, missing: ['G2'] },
          { date: '2026-02-19', expected: 1, actual: 1, missing: [] },
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

      it('does not count a day without scheduled games as a gap', async () => {
        await seedDays({ [addDays(TODAY, -4)]: { expected: 0, actual: 0 } });
        const [r] = only(await run(completenessCheck), 'completeness');
        expect(r!.status).toBe('ok');
        const day = (r!.details.days as { date: string; state: string }[]).find(
          (d) => d.date === addDays(TODAY, -4),
        );
        expect(day!.state).toBe('no_games');
      });

      it('fails at 79% and passes at exactly 80%', async () => {
        await seedDays({ [addDays(TODAY, -3)]: { expected: 100, actual: 80 } });
        expect(only(await run(completenessCheck), 'completeness')[0]!.status).toBe('ok');
        await h.close();
        h = await factory();
        await seedDays({ [addDays(TODAY, -3)]: { expected: 100, actual: 79 } });
        const [r] = only(await run(completenessCheck), 'completeness');
        expect(r!.status).toBe('fail');
        expect(r!.summary).toContain('79/100 = 79%');
      });

      it('honours lookback_days', async () => {
        const old = addDays(TODAY, -16);
        await seedDays({ [old]: { expected: 10, actual: 1 } });
        expect(only(await run(completenessCheck), 'completeness')[0]!.status).toBe('ok');
        const wide = contractConfig();
        wide.checks.completeness.lookback_days = 16;
        const [r] = only(await run(completenessCheck, wide), 'completeness');
        expect(r!.status).toBe('fail');
        expect(r!.details.gaps).toEqual([old]);
      });
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

    describe('edge cases: run logs', () => {
      const failed = (name: string, at: number, extra: Partial<RunLogEntry> = {}): RunLogEntry => ({
        kind: 'scraper',
        name,
        status: 'failed',
        triggeredAt: minutesAgo(at),
        errorMessage: `boom ${at}`,
        ...extra,
      });

      it('a run with NULL status ends a streak and is shown as unknown status (3 failed, NULL, 3 failed → 3)', async () => {
        await h.seedRuns([
          ...[70, 60, 50].map((m) => failed('s', m)),
          { kind: 'scraper', name: 's', status: null, triggeredAt: minutesAgo(40) },
          ...[30, 20, 10].map((m) => failed('s', m)),
        ]);
        const [s] = await h.warehouse.failureStreaks(minutesAgo(24 * 60));
        expect(s).toMatchObject({
          streak: 3,
          lastOkAt: minutesAgo(40),
          lastOkUnknown: true,
          lastError: 'boom 10',
        });
        const [r] = only(await run(consecutiveFailuresCheck), 'consecutive_failures');
        expect(r!.status).toBe('ok');
        expect(r!.summary).toBe('s: 3 failed run(s) in a row, after a run with unknown status');
        expect(r!.facts!.find((f) => f.label === 'Last run not failed')!.value).toContain('(unknown status)');
      });

      it('the same run logged twice counts once (by execution id, else by timestamp): 3 runs do not fire a 5-failure alert', async () => {
        const scraperRuns = [50, 40, 30].map((m) => failed('s', m));
        const processorRuns = [50, 40, 30].flatMap((m) => [
          failed('p', m, { kind: 'processor', runId: `exec-${m}` }),
          // The same execution logged again a few seconds later.
          {
            ...failed('p', m, { kind: 'processor', runId: `exec-${m}` }),
            triggeredAt: new Date(minutesAgo(m).getTime() + 5_000),
          },
        ]);
        await h.seedRuns([...scraperRuns, ...scraperRuns, ...processorRuns]);
        const streaks = await h.warehouse.failureStreaks(minutesAgo(24 * 60));
        expect(streaks.map((s) => [s.kind, s.streak, s.lastOkUnknown])).toEqual([
          ['processor', 3, false],
          ['scraper', 3, false],
        ]);
        expect(streaks[0]!.streakStart).toEqual(minutesAgo(50));
        const results = only(await run(consecutiveFailuresCheck), 'consecutive_failures');
        expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
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

    describe('edge cases: the latest phase_completions row', () => {
      const row = (date: string, extra: Partial<PhaseCompletionRow>): PhaseCompletionRow => ({
        gameDate: date,
        phase: 'phase2',
        isTriggered: false,
        updatedAt: minutesAgo(200),
        ...extra,
      });

      it('a tie on updated_at is broken the same way whatever the storage order (triggered wins)', async () => {
        const untriggered = { isTriggered: false, completedProcessorCount: 4 };
        const triggered = { isTriggered: true, completedProcessorCount: 5, triggerReason: 'all_complete' };
        await h.seedPhaseCompletions([
          row('2026-02-17', untriggered),
          row('2026-02-17', triggered),
          row('2026-02-18', triggered),
          row('2026-02-18', untriggered),
          row('2026-02-19', { isTriggered: true, completedProcessorCount: 4, triggerReason: 'b' }),
          row('2026-02-19', { isTriggered: true, completedProcessorCount: 4, triggerReason: 'a' }),
        ]);
        const rows = await h.warehouse.phaseCompletions(['phase2'], '2026-02-17', '2026-02-19');
        expect(
          rows.map((r) => [r.gameDate, r.isTriggered, r.completedProcessorCount, r.triggerReason]),
        ).toEqual([
          ['2026-02-17', true, 5, 'all_complete'],
          ['2026-02-18', true, 5, 'all_complete'],
          ['2026-02-19', true, 4, 'a'],
        ]);
      });

      it('a row with NULL updated_at never wins; a NULL is_triggered is unknown, and reconcile says so', async () => {
        await h.seedPhaseCompletions([
          row('2026-02-18', { isTriggered: true, updatedAt: undefined }),
          row('2026-02-18', { isTriggered: false, updatedAt: minutesAgo(500) }),
          row('2026-02-19', { isTriggered: null, updatedAt: minutesAgo(395) }),
          row('2026-02-17', { isTriggered: true, updatedAt: undefined }),
        ]);
        const rows = await h.warehouse.phaseCompletions(['phase2'], '2026-02-17', '2026-02-19');
        expect(rows.map((r) => [r.gameDate, r.isTriggered])).toEqual([
          ['2026-02-18', false],
          ['2026-02-19', null],
        ]);
        const db = openDb(':memory:');
        const completions = new LocalCompletionStore(db);
        const done = { status: 'success', completed_at: minutesAgo(400) };
        const p2 = Object.fromEntries(config.transitions[0]!.expected_processors.map((p) => [p, done]));
        await completions.put('phase2_completion', '2026-02-19', {
          ...p2,
          _triggered: true,
          _triggered_at: minutesAgo(390),
        });
        const results = only(await run(reconcileCheck, config, { completions }), 'reconcile');
        const r = results.find((x) => x.subject === 'phase2_to_phase3:2026-02-19')!;
        expect(r.status).toBe('warn');
        expect(r.summary).toContain('is NULL (unknown)');
        expect(r.facts!.find((f) => f.label === 'BigQuery triggered')!.value).toMatch(/^unknown/);
      });
    });

    describe('edge cases: check history', () => {
      const failing = (runId: string, subject: string, at: string) => ({
        runId,
        check: 'stuck',
        subject,
        status: 'fail' as const,
        summary: `summary of ${subject}`,
        details: {},
        observedAt: new Date(at),
      });
      const record = async (runId: string, results: ReturnType<typeof failing>[]) => {
        const at = results[0]!.observedAt;
        const run = { runId, startedAt: at, finishedAt: at, trigger: 'cron', checksRun: 1, checksFailed: 1 };
        await h.warehouse.recordRun({ ...run, status: 'fail' }, results);
      };

      it("the latest failure's subject and summary come from the same row, ties on observed_at settled by subject", async () => {
        const at = '2026-02-19T15:00:00Z';
        await record('r1', [failing('r1', 'zeta', at), failing('r1', 'alpha', at), failing('r1', 'mid', at)]);
        const [stat] = await h.warehouse.failingChecks(new Date('2026-02-01T00:00:00Z'), 10, TZ);
        expect(stat).toMatchObject({ lastSubject: 'alpha', lastSummary: 'summary of alpha', failures: 3 });
      });

      it('counts days in the pipeline time zone, not UTC', async () => {
        // stuck: 02:00Z on the 19th is the evening of the 18th in New York; 20:00Z is the 19th in both.
        await record('r1', [failing('r1', 'a', '2026-02-19T02:00:00Z')]);
        await record('r2', [failing('r2', 'a', '2026-02-19T20:00:00Z')]);
        // drift: 23:00Z on the 16th and 03:00Z on the 17th are both the 16th in New York.
        await record('r3', [{ ...failing('r3', 'b', '2026-02-16T23:00:00Z'), check: 'drift' }]);
        await record('r4', [{ ...failing('r4', 'b', '2026-02-17T03:00:00Z'), check: 'drift' }]);
        const days = async (tz: string) =>
          (await h.warehouse.failingChecks(new Date('2026-02-01T00:00:00Z'), 10, tz)).map((s) => [
            s.check,
            s.days,
          ]);
        expect(await days(TZ)).toEqual([
          ['stuck', 2],
          ['drift', 1],
        ]);
        expect(await days('UTC')).toEqual([
          ['drift', 2],
          ['stuck', 1],
        ]);
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
        ) => ({
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
          const run = {
            runId: r.id,
            startedAt: r.at,
            finishedAt: r.at,
            trigger: 'cron',
            status: 'fail' as const,
            checksRun: 3,
            checksFailed: 1,
          };
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
