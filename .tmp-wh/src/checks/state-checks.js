/** `stuck` and `overdue` (SPEC §3): per transition, per date of the state window. Pure over a snapshot. */
import { localTime } from '../pipeline/dates.js';
export function stateFacts(s, tz) {
    const facts = [
        { label: 'Date', value: s.date },
        { label: 'Processors', value: `${s.complete.length}/${s.expected.length}` },
    ];
    if (s.missing.length)
        facts.push({ label: 'Missing', value: s.missing.join(', ') });
    if (s.allCompleteAt)
        facts.push({ label: 'Waiting since', value: `${localTime(s.allCompleteAt, tz)} (${tz})` });
    facts.push({
        label: 'Triggered',
        value: s.triggeredAt
            ? `yes, ${localTime(s.triggeredAt, tz)}${s.triggerReason ? ` (${s.triggerReason})` : ''}`
            : s.state === 'triggered'
                ? 'yes'
                : 'no',
    });
    if (s.unexpected.length)
        facts.push({ label: 'Unexpected', value: s.unexpected.join(', ') });
    return facts;
}
function windowStates(view, lookback) {
    return view.dates.slice(-lookback).map((d) => view.states.get(d));
}
function details(s) {
    return {
        state: s.state,
        complete: s.complete,
        missing: s.missing,
        unexpected: s.unexpected,
        has_games: s.hasGames,
        all_complete_at: s.allCompleteAt?.toISOString(),
        deadline_at: s.deadlineAt?.toISOString(),
        triggered_at: s.triggeredAt?.toISOString(),
    };
}
function minutesBetween(a, b) {
    return Math.round((b.getTime() - a.getTime()) / 60_000);
}
export function stuckResults(snap, lookback) {
    return snap.transitions.flatMap((view) => windowStates(view, lookback).map((s) => {
        const t = view.transition;
        const base = {
            check: 'stuck',
            subject: `${t.id}:${s.date}`,
            transition: t.id,
            date: s.date,
            details: details(s),
            facts: stateFacts(s, snap.tz),
        };
        if (s.state !== 'stuck') {
            const pending = s.state === 'waiting' && s.missing.length === 0;
            return {
                ...base,
                status: 'ok',
                summary: pending
                    ? `${t.id} ${s.date}: all ${s.expected.length} processors in, within the ${t.grace_minutes}-minute grace`
                    : `${t.id} ${s.date}: ${s.state}`,
                next_due: pending ? s.nextChangeAt : undefined,
            };
        }
        const waited = s.allCompleteAt ? ` for ${minutesBetween(s.allCompleteAt, snap.now)} min` : '';
        return {
            ...base,
            status: 'fail',
            summary: `${t.id} ${s.date} is stuck: all ${s.expected.length} expected processors completed but the next phase was not triggered${waited}`,
            suggested_action: t.heal
                ? { kind: 'heal', transition: t.id, date: s.date, label: t.heal.label }
                : undefined,
        };
    }));
}
export function overdueResults(snap, lookback) {
    return snap.transitions
        .filter((view) => view.transition.deadline)
        .flatMap((view) => windowStates(view, lookback).map((s) => {
        const t = view.transition;
        const base = {
            check: 'overdue',
            subject: `${t.id}:${s.date}`,
            transition: t.id,
            date: s.date,
            details: details(s),
            facts: [...stateFacts(s, snap.tz), { label: 'Deadline', value: `${t.deadline} (${snap.tz})` }],
        };
        if (s.state !== 'overdue') {
            return {
                ...base,
                status: 'ok',
                summary: `${t.id} ${s.date}: ${s.state}`,
                next_due: s.state === 'waiting' && s.missing.length > 0 ? s.deadlineAt : undefined,
            };
        }
        return {
            ...base,
            status: 'fail',
            summary: `${t.id} ${s.date} is overdue: deadline ${t.deadline} passed, not triggered; missing ${s.missing.length}/${s.expected.length}: ${s.missing.join(', ')}`,
        };
    }));
}
export const stuckCheck = {
    id: 'stuck',
    tier: 'fast',
    run: async (ctx) => stuckResults(await ctx.snapshot(), ctx.config.checks.state_lookback_days),
};
export const overdueCheck = {
    id: 'overdue',
    tier: 'fast',
    run: async (ctx) => overdueResults(await ctx.snapshot(), ctx.config.checks.state_lookback_days),
};
//# sourceMappingURL=state-checks.js.map