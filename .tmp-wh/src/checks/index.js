import { completenessCheck } from './completeness.js';
import { consecutiveFailuresCheck } from './consecutive-failures.js';
import { driftCheck } from './drift.js';
import { healFrequencyCheck } from './heal-frequency.js';
import { reconcileCheck } from './reconcile.js';
import { overdueCheck, stuckCheck } from './state-checks.js';
/**
 * Every check the bot runs; warehouse checks join this list as their adapters land.
 * `heals`: the heal log, for `heal_frequency` (left out when there is none).
 */
export function allChecks(opts = {}) {
    const checks = [
        stuckCheck,
        overdueCheck,
        driftCheck,
        completenessCheck,
        consecutiveFailuresCheck,
        reconcileCheck,
    ];
    return opts.heals ? [...checks, healFrequencyCheck(opts.heals)] : checks;
}
//# sourceMappingURL=index.js.map