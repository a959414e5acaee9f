import type { HealLog } from '../heal/ports.js';
import { completenessCheck } from './completeness.js';
import { consecutiveFailuresCheck } from './consecutive-failures.js';
import { driftCheck } from './drift.js';
import { healFrequencyCheck } from './heal-frequency.js';
import { reconcileCheck } from './reconcile.js';
import { type ServiceHealthPorts, serviceHealthCheck } from './service-health.js';
import { overdueCheck, stuckCheck } from './state-checks.js';
import type { Check } from './types.js';

/**
 * Every check the bot runs; warehouse checks join this list as their adapters land.
 * `heals`: the heal log, for `heal_frequency` (left out when there is none).
 * `monitors`: prober and probe states, for `service_health` (left out when absent).
 */
export function allChecks(
  opts: { heals?: Pick<HealLog, 'list'>; monitors?: ServiceHealthPorts } = {},
): Check[] {
  const checks = [
    stuckCheck,
    overdueCheck,
    driftCheck,
    completenessCheck,
    consecutiveFailuresCheck,
    reconcileCheck,
  ];
  const monitors = opts.monitors ? [serviceHealthCheck(opts.monitors)] : [];
  return [...checks, ...(opts.heals ? [healFrequencyCheck(opts.heals)] : []), ...monitors];
}
