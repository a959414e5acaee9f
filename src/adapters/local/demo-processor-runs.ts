/**
 * Demo processor runs for local mode's trends: one run a day for 14 days per expected processor, with
 * durations that vary a little, an occasional failure, and `player_game_summary` three times slower on
 * the last day (a `slow_processor` warning). Deterministic: no randomness, derived from the clock only.
 */
import type { Config } from '../../config.js';
import { addDays, localDate, localInstant } from '../../pipeline/dates.js';
import type { ProcessorRun } from '../../trends/model.js';
import type { LocalProcessorRuns } from './processor-runs.js';

/** Why 14: two 7-day windows, the default trends comparison. */
const DEMO_DAYS = 14;
/** Why this one: a Phase 3 processor the demo's other incidents leave alone, so its slowdown stands out. */
export const DEMO_SLOW_PROCESSOR = 'player_game_summary';

export async function seedDemoProcessorRuns(
  config: Config,
  runs: LocalProcessorRuns,
  now: Date,
): Promise<void> {
  const today = localDate(now, config.timezone);
  const rows: ProcessorRun[] = [];
  for (let back = DEMO_DAYS; back >= 1; back--) {
    const day = addDays(today, -back);
    for (const t of config.transitions) {
      const phase = t.id.split('_to_')[0] ?? t.id;
      t.expected_processors.forEach((processor, i) => {
        const triggeredAt = new Date(localInstant(day, '04:00', config.timezone).getTime() + i * 5 * 60_000);
        const failed = (back + i) % 9 === 0;
        const base = 3 + i + ((back * 7 + i) % 4) * 0.5;
        const slow = back === 1 && processor === DEMO_SLOW_PROCESSOR ? 3 : 1;
        rows.push({
          processor,
          phase,
          triggeredAt,
          completedAt: new Date(triggeredAt.getTime() + base * slow * 60_000),
          status: failed ? 'failed' : 'success',
        });
      });
    }
  }
  await runs.insert(rows.filter((r) => r.triggeredAt.getTime() <= now.getTime()));
}
