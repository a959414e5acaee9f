/**
 * As-of reads (replay), the same over every `Warehouse` adapter: the same stored rows answer differently
 * as of an instant before and after a row, by the rules of `src/warehouse/as-of.ts`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localInstant } from '../../src/pipeline/dates.js';
import { contractConfig, minutesAgo, NOW, TZ, type WarehouseHarness } from './warehouse.contract.js';

export function warehouseAsOfContract(
  name: string,
  factory: () => Promise<WarehouseHarness>,
  opts: { skip?: boolean } = {},
): void {
  describe.skipIf(opts.skip)(`Warehouse as-of contract: ${name}`, () => {
    let h: WarehouseHarness;
    const target = contractConfig().checks.completeness.targets[0]!;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.close();
    });

    it('failure streaks count only runs triggered by the as-of instant', async () => {
      await h.seedRuns([
        { kind: 'scraper', name: 'x', status: 'success', triggeredAt: minutesAgo(120) },
        {
          kind: 'scraper',
          name: 'x',
          status: 'failed',
          triggeredAt: minutesAgo(60),
          errorMessage: 'HTTP 403',
        },
        {
          kind: 'scraper',
          name: 'x',
          status: 'failed',
          triggeredAt: minutesAgo(30),
          errorMessage: 'HTTP 500',
        },
        { kind: 'scraper', name: 'x', status: 'success', triggeredAt: minutesAgo(10) },
      ]);
      const since = minutesAgo(600);
      const [during] = await h.warehouse.failureStreaks(since, minutesAgo(20));
      expect(during).toMatchObject({
        streak: 2,
        streakStart: minutesAgo(60),
        lastRunAt: minutesAgo(30),
        lastOkAt: minutesAgo(120),
        lastError: 'HTTP 500',
      });
      // A row triggered exactly at the as-of instant is in.
      const [atRow] = await h.warehouse.failureStreaks(since, minutesAgo(60));
      expect(atRow).toMatchObject({ streak: 1, lastError: 'HTTP 403' });
      const [after] = await h.warehouse.failureStreaks(since, minutesAgo(5));
      expect(after).toMatchObject({ streak: 0, lastOkAt: minutesAgo(10), lastRunAt: minutesAgo(10) });
      expect(await h.warehouse.failureStreaks(since)).toEqual([after]);
      expect(await h.warehouse.failureStreaks(since, minutesAgo(121))).toEqual([]);
    });

    it('phase completions: the latest row written by the as-of instant', async () => {
      await h.seedPhaseCompletions([
        { gameDate: '2026-02-18', phase: 'phase2', isTriggered: false, updatedAt: minutesAgo(300) },
        {
          gameDate: '2026-02-18',
          phase: 'phase2',
          isTriggered: true,
          triggerReason: 'manual_heal',
          updatedAt: minutesAgo(200),
        },
      ]);
      const read = (asOf?: Date) =>
        h.warehouse.phaseCompletions(['phase2'], '2026-02-17', '2026-02-19', asOf);
      expect((await read(minutesAgo(250))).map((r) => r.isTriggered)).toEqual([false]);
      expect(await read(minutesAgo(100))).toEqual([
        {
          gameDate: '2026-02-18',
          phase: 'phase2',
          isTriggered: true,
          triggerReason: 'manual_heal',
          updatedAt: minutesAgo(200),
        },
      ]);
      expect(await read()).toEqual(await read(minutesAgo(100)));
      expect(await read(minutesAgo(301))).toEqual([]);
    });

    it('completeness counts only days up to the as-of date in the pipeline zone', async () => {
      await h.seedCounts(target.expected, '2026-02-10', ['a', 'b']);
      await h.seedCounts(target.actual, '2026-02-10', ['a']);
      await h.seedCounts(target.expected, '2026-02-11', ['c']);
      const read = (asOf?: Date) => h.warehouse.dailyCounts(target, '2026-02-10', '2026-02-11', TZ, asOf);
      const feb10 = { date: '2026-02-10', expected: 2, actual: 1 };
      const feb11 = { date: '2026-02-11', expected: 1, actual: 0 };
      // 23:59 on Feb 10 in New York is already Feb 11 in UTC: the day is the pipeline zone's.
      expect(await read(localInstant('2026-02-10', '23:59', TZ))).toEqual([feb10]);
      expect(await read(localInstant('2026-02-11', '00:00', TZ))).toEqual([feb10, feb11]);
      expect(await read(NOW)).toEqual([feb10, feb11]);
      expect(await read()).toEqual([feb10, feb11]);
      expect(await read(localInstant('2026-02-09', '12:00', TZ))).toEqual([]);
    });
  });
}
