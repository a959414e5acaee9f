/** What listeners, HTTP routes and the CLI are given: config, clock, logger and ports — never raw clients. */
import type { Monitor, Trigger } from './alerts/monitor.js';
import type { AlertService } from './alerts/service.js';
import type { AlertStore, LeaseStore } from './alerts/types.js';
import type { ChartRenderer } from './charts/ports.js';
import type { Check, CheckResult } from './checks/types.js';
import type { Config } from './config.js';
import type { DlqService } from './dlq/service.js';
import type { DoctorReport } from './doctor/types.js';
import type { HealService } from './heal/service.js';
import type { Logger } from './log.js';
import type { SilenceStore } from './oncall/silences.js';
import type { Chat, Clock, CompletionStore, Probe, ScheduleSource } from './ports.js';
import type { ProcessorRunLog } from './trends/model.js';
import type { Warehouse } from './warehouse/ports.js';

export interface Deps {
  config: Config;
  clock: Clock;
  log: Logger;
  completions: CompletionStore;
  schedule: ScheduleSource;
  warehouse?: Warehouse;
  checks: Check[];
  alertStore: AlertStore;
  /** Present when there is somewhere to post alerts (Slack with an alert channel, or the terminal). */
  alerts?: AlertService;
  chat?: Chat;
  /** `processor_execution_log` for trends and slow_processor (absent without a warehouse). */
  processorRuns?: ProcessorRunLog;
  /** Renders charts to PNG (digest, trends). */
  charts?: ChartRenderer;
  /** Present when the backend can run heals (both backends can). */
  heal?: HealService;
  /** Present when dead-letter subscriptions are watched (configured, or the local demo's). */
  dlq?: DlqService;
  monitor: Monitor;
  /** Cross-instance leases and run bookkeeping (checks tick, daily digest). */
  leases: LeaseStore;
  /** Silences (mute / mutes / unmute), shared across instances. */
  silences: SilenceStore;
  /** Identifies this process in leases. */
  instanceId: string;
  /** Backends `/readyz` asks, by name. */
  probes: Probe[];
  /** A scheduled tick: due checks under the cross-instance lease, then alerts. Used by cron and `POST /tasks/checks`. */
  runScheduledChecks(trigger: Trigger): Promise<CheckResult[]>;
  /** Checks every production prerequisite (`/pipeline doctor`); set by the app's wiring. */
  doctor?: () => Promise<DoctorReport>;
  /** Every check once, no alerts (CLI `check`). */
  runChecksOnce(): Promise<CheckResult[]>;
  close(): Promise<void>;
}
