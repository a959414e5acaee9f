/**
 * A snapshot of the pipeline at one instant: for every transition, its completion documents over a
 * window of dates and the derived state of each. Loaded with ONE batched completion-store read and
 * one schedule lookup, whatever the number of transitions and dates.
 */
import type { Config } from '../config.js';
import type { CompletionStore, ScheduleSource } from '../ports.js';
import { addDays, dateRange, localDate } from './dates.js';
import { deriveState } from './state.js';
import type { CompletionDoc, IsoDate, Transition, TransitionState } from './types.js';

export interface TransitionView {
  transition: Transition;
  /** The transition's current date (run date + offset). */
  current: IsoDate;
  /** Dates loaded, ascending; the last one is `current`. */
  dates: IsoDate[];
  docs: Map<IsoDate, CompletionDoc>;
  states: Map<IsoDate, TransitionState>;
}

export interface Snapshot {
  now: Date;
  tz: string;
  /** The run date the snapshot is centred on (today, unless a date was asked for). */
  runDate: IsoDate;
  transitions: TransitionView[];
  games: Map<IsoDate, number>;
}

/** Why 7: extra days read before the drift window, so no-games days and gaps do not shorten it. */
const DRIFT_SLACK_DAYS = 7;

export function snapshotWindowDays(config: Config): number {
  return Math.max(config.checks.state_lookback_days, config.checks.drift_lookback_days + DRIFT_SLACK_DAYS);
}

/** The current date of a transition for a run date (default: today in the pipeline time zone). */
export function currentDate(t: Transition, runDay: IsoDate): IsoDate {
  return addDays(runDay, t.date_offset_days);
}

export async function loadSnapshot(
  deps: { config: Config; completions: CompletionStore; schedule: ScheduleSource },
  now: Date,
  opts: { runDate?: IsoDate; windowDays?: number } = {},
): Promise<Snapshot> {
  const { config } = deps;
  const tz = config.timezone;
  const day = opts.runDate ?? localDate(now, tz);
  const window = opts.windowDays ?? snapshotWindowDays(config);
  const plan = config.transitions.map((t) => {
    const current = currentDate(t, day);
    return { t, current, dates: dateRange(addDays(current, -(window - 1)), current) };
  });
  const refs = plan.flatMap(({ t, dates }) => dates.map((date) => ({ collection: t.collection, date })));
  const allDates = [...new Set(refs.map((r) => r.date))].sort();
  const [docs, games] = await Promise.all([deps.completions.getMany(refs), deps.schedule.gamesOn(allDates)]);
  const byKey = new Map(docs.map((d) => [`${d.collection}/${d.date}`, d]));
  const transitions = plan.map(({ t, current, dates }) => {
    const tDocs = new Map<IsoDate, CompletionDoc>();
    const states = new Map<IsoDate, TransitionState>();
    for (const date of dates) {
      const doc = byKey.get(`${t.collection}/${date}`) ?? {
        collection: t.collection,
        date,
        exists: false,
        processors: {},
        triggered: false,
      };
      tDocs.set(date, doc);
      states.set(date, deriveState({ transition: t, doc, now, tz, games: games.get(date) }));
    }
    return { transition: t, current, dates, docs: tDocs, states };
  });
  return { now, tz, runDate: day, transitions, games };
}
