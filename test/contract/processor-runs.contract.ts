/**
 * Behaviour every `ProcessorRunLog` adapter must share (local SQLite, BigQuery on ZetaSQL): the same rows
 * in give the same runs out, and so the same trends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProcessorRun, type ProcessorRunLog, processorTrends } from '../../src/trends/model.js';

export interface ProcessorRunsHarness {
  log: ProcessorRunLog;
  seed(runs: ProcessorRun[]): Promise<void>;
  close(): Promise<void>;
}

export const NOW = new Date('2026-02-10T15:00:00.000Z');
const HOUR = 3_600_000;
const at = (hoursAgo: number, plusMinutes = 0) =>
  new Date(NOW.getTime() - hoursAgo * HOUR + plusMinutes * 60_000);

/** Two weeks of one processor, a failure, a skip, a run logged twice, and one outside the read window. */
export const ROWS: ProcessorRun[] = [
  ...Array.from({ length: 14 }, (_, i) => ({
    processor: 'player_game_summary',
    phase: 'phase3',
    triggeredAt: at(10 + i * 24),
    completedAt: at(10 + i * 24, 3 + (i % 4)),
    status: 'success',
    executionId: `pgs-${i}`,
  })),
  {
    processor: 'player_game_summary',
    phase: 'phase3',
    triggeredAt: at(30),
    status: 'failed',
    executionId: 'pgs-f',
  },
  { processor: 'team_offense_game_summary', phase: 'phase3', triggeredAt: at(20), status: 'skipped' },
  // Logged twice: started (no completion), then finished.
  {
    processor: 'team_offense_game_summary',
    phase: 'phase3',
    triggeredAt: at(5),
    status: 'running',
    executionId: 'tog-1',
  },
  {
    processor: 'team_offense_game_summary',
    phase: 'phase3',
    triggeredAt: at(5),
    completedAt: at(5, 9),
    status: 'success',
    executionId: 'tog-1',
  },
  {
    processor: 'too_old',
    phase: 'phase2',
    triggeredAt: at(15 * 24),
    completedAt: at(15 * 24, 1),
    status: 'success',
  },
];

export function processorRunsContract(
  name: string,
  factory: () => Promise<ProcessorRunsHarness> | null,
): void {
  const pending = factory();
  pending?.catch(() => {});
  if (pending === null) console.warn(`!!! SKIPPED (backend unavailable): ProcessorRunLog contract: ${name}`);

  describe.skipIf(pending === null)(`ProcessorRunLog contract: ${name}`, () => {
    let h: ProcessorRunsHarness;
    beforeAll(async () => {
      h = (await pending)!;
      await h.seed(ROWS);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('returns the runs triggered in (from, to], every field as stored', async () => {
      const from = at(14 * 24);
      const runs = await h.log.processorRuns(from, NOW);
      const key = (r: ProcessorRun) =>
        `${r.processor} ${r.triggeredAt.toISOString()} ${r.status} ${r.executionId ?? '-'}`;
      const expected = ROWS.filter((r) => r.triggeredAt > from && r.triggeredAt <= NOW);
      expect(runs.map(key).sort()).toEqual(expected.map(key).sort());
      const finished = runs.find((r) => r.executionId === 'tog-1' && r.status === 'success')!;
      expect(finished.completedAt).toEqual(at(5, 9));
      expect(runs.find((r) => r.status === 'skipped')!.completedAt).toBeUndefined();
      expect(runs.find((r) => r.status === 'skipped')!.executionId).toBeUndefined();
    });

    it('the window bounds: a run exactly at `from` is out, one exactly at `to` is in', async () => {
      const run = ROWS[0]!;
      expect((await h.log.processorRuns(run.triggeredAt, NOW)).some((r) => r.executionId === 'pgs-0')).toBe(
        false,
      );
      expect((await h.log.processorRuns(at(11), run.triggeredAt)).map((r) => r.executionId)).toEqual([
        'pgs-0',
      ]);
    });

    it('the same rows give the same trends', async () => {
      const trends = processorTrends(await h.log.processorRuns(at(14 * 24), NOW), NOW, 7, 'America/New_York');
      expect(trends).toEqual([
        {
          processor: 'player_game_summary',
          phase: 'phase3',
          current: { runs: 8, failures: 1, failureRate: 0.125, p50: 240, p95: 360 },
          previous: { runs: 7, failures: 0, failureRate: 0, p50: 240, p95: 360 },
          lastDayP95: 180,
          lastDayRuns: 1,
        },
        {
          processor: 'team_offense_game_summary',
          phase: 'phase3',
          current: { runs: 1, failures: 0, failureRate: 0, p50: 540, p95: 540 },
          previous: { runs: 0, failures: 0, failureRate: null, p50: null, p95: null },
          lastDayP95: 540,
          lastDayRuns: 1,
        },
      ]);
    });
  });
}
