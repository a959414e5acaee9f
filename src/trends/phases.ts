/**
 * Phase timings per run day from the completion documents (one batched read): when each transition
 * triggered (minutes after local midnight of the day it runs) and how long after its last expected
 * processor completed ("all processors done → triggered").
 */
import type { PhaseTimes } from '../charts/charts.js';
import type { Config } from '../config.js';
import { addDays, localInstant } from '../pipeline/dates.js';
import type { IsoDate } from '../pipeline/types.js';
import type { CompletionStore } from '../ports.js';

export interface PhaseLag {
  transition: string;
  /** Minutes from the last expected completion to the trigger, per run day (null: not triggered or incomplete). */
  days: Array<{ date: IsoDate; lagMinutes: number | null }>;
}

export interface PhaseTimings {
  times: PhaseTimes[];
  lags: PhaseLag[];
}

export async function phaseTimings(
  config: Config,
  completions: CompletionStore,
  lastDay: IsoDate,
  days: number,
): Promise<PhaseTimings> {
  const runDays = Array.from({ length: days }, (_, i) => addDays(lastDay, i - days + 1));
  const refs = config.transitions.flatMap((t) =>
    runDays.map((day) => ({ collection: t.collection, date: addDays(day, t.date_offset_days) })),
  );
  const docs = new Map((await completions.getMany(refs)).map((d) => [`${d.collection}/${d.date}`, d]));
  const times: PhaseTimes[] = [];
  const lags: PhaseLag[] = [];
  for (const t of config.transitions) {
    const perDay = runDays.map((day) => {
      const doc = docs.get(`${t.collection}/${addDays(day, t.date_offset_days)}`);
      const at = doc?.triggered ? doc.triggeredAt : undefined;
      const midnight = localInstant(day, '00:00', config.timezone).getTime();
      const done = t.expected_processors.map((p) => doc?.processors[p]?.completedAt?.getTime());
      const allDone =
        done.length > 0 && done.every((d) => d !== undefined) ? Math.max(...(done as number[])) : undefined;
      return {
        date: day,
        minutes: at ? (at.getTime() - midnight) / 60_000 : null,
        lagMinutes: at && allDone !== undefined ? Math.max(0, (at.getTime() - allDone) / 60_000) : null,
      };
    });
    times.push({
      transition: t.id,
      deadline: t.deadline,
      days: perDay.map(({ date, minutes }) => ({ date, minutes })),
    });
    lags.push({ transition: t.id, days: perDay.map(({ date, lagMinutes }) => ({ date, lagMinutes })) });
  }
  return { times, lags };
}
