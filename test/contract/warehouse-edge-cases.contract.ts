/**
 * The edge cases real pipeline tables have, as a contract every `Warehouse` adapter must share:
 * the same rows in, the same verdicts out. Call `warehouseEdgeCaseContract(name, factory)` next to
 * `warehouseContract` (same harness).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalCompletionStore } from '../../src/adapters/local/completion-store.js';
import { openDb } from '../../src/adapters/local/db.js';
import type { RunLogEntry } from '../../src/adapters/local/warehouse.js';
import { completenessCheck } from '../../src/checks/completeness.js';
import { consecutiveFailuresCheck } from '../../src/checks/consecutive-failures.js';
import { reconcileCheck } from '../../src/checks/reconcile.js';
import type { Check } from '../../src/checks/types.js';
import type { Config } from '../../src/config.js';
import type { CountSpec, PhaseCompletionRow } from '../../src/warehouse/ports.js';
import { validationResult, validationRun } from '../support/builders.js';
import {
  contractConfig,
  ids,
  minutesAgo,
  only,
  runCheck,
  TZ,
  type WarehouseHarness,
} from './warehouse.contract.js';

export function warehouseEdgeCaseContract(
  name: string,
  factory: () => Promise<WarehouseHarness>,
  opts: { skip?: boolean } = {},
): void {
  describe.skipIf(opts.skip)(`Warehouse edge cases: ${name}`, () => {
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
        await h.seedRuns([{ kind: 'scraper', name: 's', status: null, triggeredAt: minutesAgo(5) }]);
        const [latest] = only(await run(consecutiveFailuresCheck), 'consecutive_failures');
        expect(latest!.summary).toBe('s: the latest run has unknown status');
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
      const failing = (runId: string, subject: string, at: string) =>
        validationResult({
          runId,
          subject,
          summary: `summary of ${subject}`,
          details: {},
          observedAt: new Date(at),
        });
      const record = async (runId: string, results: ReturnType<typeof failing>[]) => {
        const at = results[0]!.observedAt;
        await h.warehouse.recordRun(validationRun({ runId, startedAt: at, checksRun: 1 }), results);
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
  });
}
