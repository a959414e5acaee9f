/** What listeners, HTTP routes and the CLI are given: config, clock, logger and ports — never raw clients. */
import type { Check, CheckResult } from './checks/types.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { Clock, CompletionStore, Probe, ScheduleSource } from './ports.js';

export interface Deps {
  config: Config;
  clock: Clock;
  log: Logger;
  completions: CompletionStore;
  schedule: ScheduleSource;
  checks: Check[];
  /** Backends `/readyz` asks, by name. */
  probes: Probe[];
  /** Runs the due checks and processes their alerts; used by the scheduler and `POST /tasks/checks`. */
  runScheduledChecks(trigger: 'cron' | 'task' | 'cli'): Promise<CheckResult[]>;
  close(): Promise<void>;
}
