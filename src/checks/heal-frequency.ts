/**
 * `heal_frequency` (SPEC §3): more than `max_heals` triggered heals of one transition within
 * `window_days` means the heal is masking a cause (the orchestrator keeps failing the same way).
 * Reads the heal log; pure over its events otherwise.
 */
import type { Config } from '../config.js';
import type { HealEvent, HealLog } from '../heal/ports.js';
import type { Check, CheckResult } from './types.js';

/** Why 24 h in ms: `window_days` is a rolling window back from now, not calendar days in the zone. */
const DAY = 24 * 60 * 60_000;

export function healFrequencyResults(config: Config, now: Date, events: HealEvent[]): CheckResult[] {
  const { max_heals: max, window_days: days } = config.checks.heal_frequency;
  const from = now.getTime() - days * DAY;
  return config.transitions
    .filter((t) => t.heal)
    .map((t): CheckResult => {
      const heals = events
        .filter((e) => e.transition === t.id && e.status === 'triggered' && e.requested_at.getTime() >= from)
        .sort((a, b) => a.requested_at.getTime() - b.requested_at.getTime());
      const count = heals.length;
      const failing = count > max;
      const last = heals[count - 1];
      const facts = [
        { label: 'Transition', value: t.id },
        { label: 'Heals', value: `${count} in the last ${days} days (threshold ${max})` },
      ];
      if (last) facts.push({ label: 'Last heal', value: `${last.game_date} by ${last.requested_by}` });
      if (count)
        facts.push({ label: 'Dates healed', value: [...new Set(heals.map((e) => e.game_date))].join(', ') });
      return {
        check: 'heal_frequency',
        subject: t.id,
        transition: t.id,
        status: failing ? 'fail' : 'ok',
        summary: failing
          ? `${t.id} was healed ${count} times in the last ${days} days (more than ${max}): the heal is masking a cause. Find why the orchestrator does not trigger on its own (an expected processor disabled? config drift?) instead of healing again.`
          : `${t.id}: ${count} heal${count === 1 ? '' : 's'} in the last ${days} days (threshold ${max})`,
        details: {
          count,
          max_heals: max,
          window_days: days,
          heals: heals.map((e) => ({
            heal_id: e.heal_id,
            game_date: e.game_date,
            requested_by: e.requested_by,
            requested_at: e.requested_at.toISOString(),
            source: e.source,
          })),
        },
        facts,
        // While failing, the verdict changes without new data when enough old heals leave the window.
        next_due: failing ? new Date(heals[count - max - 1]!.requested_at.getTime() + days * DAY) : undefined,
      };
    });
}

export function healFrequencyCheck(heals: Pick<HealLog, 'list'>): Check {
  return {
    id: 'heal_frequency',
    tier: 'fast',
    run: async (ctx) => {
      const since = new Date(ctx.now.getTime() - ctx.config.checks.heal_frequency.window_days * DAY);
      return healFrequencyResults(ctx.config, ctx.now, await heals.list({ since, limit: 5000 }));
    },
  };
}
