/** Assembles the services (Deps) from config, clock, logger and a backend. No I/O of its own. */
import type { Backend } from './adapters/index.js';
import { allChecks } from './checks/index.js';
import { earliestDue, runChecks } from './checks/runner.js';
import type { CheckResult } from './checks/types.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import type { Logger } from './log.js';
import type { Clock } from './ports.js';

/** Receives each run's results: the alert service in production, a terminal printer in local mode. */
export type ResultSink = (results: CheckResult[], trigger: 'cron' | 'task' | 'cli') => Promise<void>;

export function createDeps(
  config: Config,
  clock: Clock,
  log: Logger,
  backend: Backend,
  sink?: ResultSink,
): Deps {
  const base = { config, clock, log, completions: backend.completions, schedule: backend.schedule };
  const checks = allChecks();
  return {
    ...base,
    checks,
    probes: backend.probes,
    async runScheduledChecks(trigger) {
      const results = await runChecks(checks, base);
      await sink?.(results, trigger);
      return results;
    },
    close: () => backend.close(),
  };
}

export { earliestDue };
