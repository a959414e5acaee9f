/** The transition state of §2, derived from a completion document, the clock and the schedule. Pure. */
import { addDays, localInstant } from './dates.js';
/** Run date = the calendar day the transition runs on (game date − offset). */
export function runDate(t, date) {
    return addDays(date, -t.date_offset_days);
}
/** The deadline instant for `date`, or undefined when the transition has none. */
export function deadlineFor(t, date, tz) {
    return t.deadline ? localInstant(runDate(t, date), t.deadline, tz) : undefined;
}
export function deriveState({ transition: t, doc, now, tz, games }) {
    const expected = t.expected_processors;
    const reported = Object.keys(doc.processors);
    const complete = expected.filter((p) => p in doc.processors);
    const missing = expected.filter((p) => !(p in doc.processors));
    const unexpected = reported.filter((p) => !expected.includes(p)).sort();
    const times = (names) => names.map((p) => doc.processors[p]?.completedAt?.getTime()).filter((x) => x !== undefined);
    const allTimes = times(reported);
    const lastCompletionAt = allTimes.length ? new Date(Math.max(...allTimes)) : undefined;
    const expectedTimes = times(complete);
    const hasGames = !t.requires_games || games === undefined || games > 0;
    const deadlineAt = deadlineFor(t, doc.date, tz);
    const base = {
        transition: t.id,
        date: doc.date,
        expected,
        complete,
        missing,
        unexpected,
        hasGames,
        lastCompletionAt,
        triggeredAt: doc.triggeredAt,
        triggerReason: doc.triggerReason,
        deadlineAt,
    };
    if (doc.triggered)
        return { ...base, state: 'triggered' };
    if (!hasGames)
        return { ...base, state: 'idle' };
    if (missing.length === 0 && expected.length > 0) {
        // All expected in. If completion times are unknown we cannot wait out the grace: treat as passed.
        const allCompleteAt = expectedTimes.length === complete.length && expectedTimes.length
            ? new Date(Math.max(...expectedTimes))
            : undefined;
        const graceEnd = allCompleteAt ? new Date(allCompleteAt.getTime() + t.grace_minutes * 60_000) : undefined;
        if (!graceEnd || now.getTime() >= graceEnd.getTime())
            return { ...base, allCompleteAt, state: 'stuck' };
        return { ...base, allCompleteAt, state: 'waiting', nextChangeAt: graceEnd };
    }
    if (deadlineAt && now.getTime() >= deadlineAt.getTime())
        return { ...base, state: 'overdue' };
    return { ...base, state: 'waiting', nextChangeAt: deadlineAt };
}
//# sourceMappingURL=state.js.map