/** The model behind `/pipeline status`: every transition for its current date. Slack-free. */
import { driftResults } from '../checks/drift.js';
import { loadSnapshot } from './snapshot.js';
export async function buildStatus(deps, now, opts = {}) {
    const snap = await loadSnapshot(deps, now, { runDate: opts.runDate });
    const drift = driftResults(snap, deps.config.checks.drift_lookback_days).filter((r) => r.status === 'fail');
    return {
        runDate: snap.runDate,
        tz: snap.tz,
        now,
        items: snap.transitions.map((v) => ({
            transition: v.transition,
            state: v.states.get(v.current),
            silent: drift.filter((r) => r.transition === v.transition.id).map((r) => String(r.details.processor)),
            openAlerts: opts.openAlertsFor?.(v.transition.id) ?? 0,
        })),
    };
}
//# sourceMappingURL=status.js.map