import { describe, expect, it } from 'vitest';
import type { DateColumns } from '../../src/adapters/bigquery/date-columns.js';
import type { QueryRunner } from '../../src/adapters/bigquery/query.js';
import { BigQuerySchedule } from '../../src/adapters/bigquery/schedule.js';
import { addDays } from '../../src/pipeline/dates.js';
import type { CountSpec } from '../../src/warehouse/ports.js';
import { FakeClock } from '../support/fixtures.js';

const HOUR = 60 * 60_000;

describe('the BigQuery schedule cache is bounded', () => {
  it('keeps the dates still asked about and lets go of those the window left', async () => {
    const clock = new FakeClock(new Date('2026-02-10T12:00:00Z'));
    let queries = 0;
    const runner = {
      query: async () => {
        queries++;
        return [];
      },
    } as unknown as QueryRunner;
    const schedule = new BigQuerySchedule(
      runner,
      { table: 'nba_raw.nbac_schedule', date_column: 'game_date', count_distinct: 'game_id' },
      'p',
      clock,
      { of: async (spec: CountSpec) => ({ spec, type: 'DATE' as const }) } as unknown as DateColumns,
      'America/New_York',
    );
    // 60 days of a 7-date window moving one day a day, asked every hour.
    let day = '2026-02-10';
    for (let d = 0; d < 60; d++) {
      for (let h = 0; h < 24; h++) {
        await schedule.gamesOn(Array.from({ length: 7 }, (_, i) => addDays(day, -i)));
        clock.advance(HOUR + 1);
      }
      day = addDays(day, 1);
    }
    expect(queries).toBeGreaterThan(60 * 24 - 1);
    expect(schedule.cachedDates).toBeLessThanOrEqual(8);
  });
});
