/** The list of checks the bot runs, with the optional ports each one needs. */
import type { HealLog } from '../heal/ports.js';
import type { ProcessorRunLog } from '../trends/model.js';
import { completenessCheck } from './completeness.js';
import { consecutiveFailuresCheck } from './consecutive-failures.js';
import { type DeploymentDriftPorts, deploymentDriftCheck } from './deployment-drift.js';
import { driftCheck } from './drift.js';
import { healFrequencyCheck } from './heal-frequency.js';
import { reconcileCheck } from './reconcile.js';
import { type ServiceHealthPorts, serviceHealthCheck } from './service-health.js';
import { slowProcessorCheck } from './slow-processor.js';
import { overdueCheck, stuckCheck } from './state-checks.js';
import type { Check } from './types.js';

/**
 * Every check the bot runs; warehouse checks join this list as their adapters land.
 * `heals`: the heal log, for `heal_frequency` (left out when there is none).
 * `monitors`: prober and probe states for `service_health`; Cloud Run and GitHub readers for
 * `deployment_drift` (each left out when absent).
 */
export function allChecks(
  opts: {
    heals?: Pick<HealLog, 'list'>;
    monitors?: ServiceHealthPorts & Partial<DeploymentDriftPorts>;
    processorRuns?: ProcessorRunLog;
  } = {},
): Check[] {
  const checks: Check[] = [
    stuckCheck,
    overdueCheck,
    driftCheck,
    completenessCheck,
    consecutiveFailuresCheck,
    reconcileCheck,
  ];
  const m = opts.monitors;
  if (opts.processorRuns) checks.push(slowProcessorCheck(opts.processorRuns));
  const monitors = m ? [serviceHealthCheck(m)] : [];
  if (m?.revisions && m.commits)
    monitors.push(deploymentDriftCheck({ revisions: m.revisions, commits: m.commits }));
  return [...checks, ...(opts.heals ? [healFrequencyCheck(opts.heals)] : []), ...monitors];
}
