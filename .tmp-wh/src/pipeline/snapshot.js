import { addDays, dateRange, localDate } from './dates.js';
import { deriveState, runDate } from './state.js';
/** Extra days loaded before the drift window so no-games days and gaps do not shorten it. */
const DRIFT_SLACK_DAYS = 7;
export function snapshotWindowDays(config) {
    return Math.max(config.checks.state_lookback_days, config.checks.drift_lookback_days + DRIFT_SLACK_DAYS);
}
/** The current date of a transition for a run date (default: today in the pipeline time zone). */
export function currentDate(t, runDay) {
    return addDays(runDay, t.date_offset_days);
}
export async function loadSnapshot(deps, now, opts = {}) {
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
        const tDocs = new Map();
        const states = new Map();
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
export { runDate };
//# sourceMappingURL=snapshot.js.map