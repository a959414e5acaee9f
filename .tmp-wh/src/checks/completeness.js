import { completenessWindow, evaluateTarget, percent } from '../warehouse/completeness.js';
export async function readCompleteness(warehouse, config, now, days = config.checks.completeness.lookback_days) {
    const { threshold, targets } = config.checks.completeness;
    const window = completenessWindow(now, config.timezone, days);
    return Promise.all(targets.map(async (t) => evaluateTarget(t.name, await warehouse.dailyCounts(t, window.from, window.to), window, threshold, now, config.timezone)));
}
const dayText = (d) => `${d.date} (${d.actual}/${d.expected} = ${percent(d.ratio)})`;
export function completenessResults(targets) {
    return targets.map((t) => {
        const pct = `${Math.round(t.threshold * 100)}%`;
        const judged = t.days.filter((d) => d.state === 'ok' || d.state === 'gap').length;
        const base = {
            check: 'completeness',
            subject: t.target,
            details: {
                target: t.target,
                threshold: t.threshold,
                from: t.from,
                to: t.to,
                days: t.days.map((d) => ({ date: d.date, expected: d.expected, actual: d.actual, ratio: d.ratio, state: d.state })),
                gaps: t.gaps.map((d) => d.date),
            },
            facts: [
                { label: 'Target', value: t.target },
                { label: 'Window', value: `${t.from} … ${t.to}` },
                { label: 'Threshold', value: pct },
                ...(t.gaps.length ? [{ label: 'Days below', value: t.gaps.map(dayText).join(', ') }] : []),
            ],
        };
        if (t.gaps.length === 0) {
            return { ...base, status: 'ok', summary: `${t.target}: all ${judged} judged game days since ${t.from} at or above ${pct}` };
        }
        return {
            ...base,
            status: 'fail',
            date: t.gaps[t.gaps.length - 1].date,
            summary: `${t.target}: ${t.gaps.length} day${t.gaps.length > 1 ? 's' : ''} of the last ${t.days.length} below ${pct} of expected records: ${t.gaps.map(dayText).join(', ')}`,
        };
    });
}
export const completenessCheck = {
    id: 'completeness',
    tier: 'warehouse',
    run: async (ctx) => completenessResults(await readCompleteness(ctx.warehouse, ctx.config, ctx.now)),
};
//# sourceMappingURL=completeness.js.map