export function driftResults(snap, lookback) {
    const out = [];
    for (const view of snap.transitions) {
        const t = view.transition;
        // Dates that are settled enough to judge: before the current date, or the current one once triggered/stuck.
        const active = [];
        for (const date of [...view.dates].reverse()) {
            const doc = view.docs.get(date);
            const state = view.states.get(date);
            const settled = date < view.current || state.state === 'triggered' || state.state === 'stuck';
            if (settled && Object.keys(doc.processors).length > 0)
                active.push(date);
        }
        const recent = active.slice(0, lookback);
        const enough = recent.length >= lookback;
        for (const p of t.expected_processors) {
            const subject = `${t.id}:${p}`;
            const silent = enough && recent.every((d) => !(p in view.docs.get(d).processors));
            const lastSeen = active.find((d) => p in view.docs.get(d).processors);
            const facts = [
                { label: 'Processor', value: p },
                { label: 'Transition', value: t.id },
                { label: 'Last reported', value: lastSeen ?? `not in the last ${view.dates.length} days` },
                {
                    label: 'Dates checked',
                    value: recent.length ? `${recent[recent.length - 1]} … ${recent[0]}` : 'none',
                },
            ];
            out.push({
                check: 'drift',
                subject,
                transition: t.id,
                status: silent ? 'fail' : 'ok',
                summary: silent
                    ? `${p} is expected by ${t.id} but has not reported on the last ${lookback} dates on which other processors did (last seen ${lastSeen ?? 'never in the window'}); the orchestrator will wait for it forever. Disabled processor or config drift?`
                    : `${p} reports`,
                details: {
                    processor: p,
                    kind: 'silent_expected',
                    dates_checked: recent,
                    last_seen: lastSeen ?? null,
                },
                facts,
            });
        }
        const unexpected = new Map();
        for (const d of recent) {
            for (const p of Object.keys(view.docs.get(d).processors)) {
                if (!t.expected_processors.includes(p))
                    unexpected.set(p, [...(unexpected.get(p) ?? []), d]);
            }
        }
        for (const [p, dates] of [...unexpected.entries()].sort()) {
            out.push({
                check: 'drift',
                subject: `${t.id}:${p}`,
                transition: t.id,
                status: 'warn',
                summary: `${p} reports to ${t.collection} but is not in ${t.id}.expected_processors (seen ${dates.length} of the last ${recent.length} dates); its data is not counted toward "all complete"`,
                details: { processor: p, kind: 'unexpected', dates },
                facts: [
                    { label: 'Processor', value: p },
                    { label: 'Transition', value: t.id },
                    { label: 'Seen on', value: dates.join(', ') },
                ],
            });
        }
    }
    return out;
}
export const driftCheck = {
    id: 'drift',
    tier: 'fast',
    run: async (ctx) => driftResults(await ctx.snapshot(), ctx.config.checks.drift_lookback_days),
};
//# sourceMappingURL=drift.js.map