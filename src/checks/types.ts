/** Check results are Slack-free data (SPEC §3); views turn them into Block Kit or terminal text. */
import type { Config } from '../config.js';
import type { Snapshot } from '../pipeline/snapshot.js';
import type { CheckStatus } from '../pipeline/types.js';
import type { Clock, CompletionStore, ScheduleSource } from '../ports.js';
import type { Warehouse } from '../warehouse/ports.js';

/** Why a list: the SPEC §3/§10 check ids as data too, so a rule-test file naming another is refused. */
export const CHECK_IDS = [
  'stuck',
  'overdue',
  'drift',
  'completeness',
  'consecutive_failures',
  'reconcile',
  'check_health',
  'heal_frequency',
  'service_health',
  'deployment_drift',
  'slow_processor',
  'dlq',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

/** Defined with the pipeline's types: the warehouse records it too (check history), below the checks. */
export type { CheckStatus } from '../pipeline/types.js';

export interface Fact {
  label: string;
  value: string;
}

export interface HealSuggestion {
  kind: 'heal';
  transition: string;
  date: string;
  label: string;
}

export interface CheckResult {
  check: CheckId;
  subject: string;
  status: CheckStatus;
  summary: string;
  details: Record<string, unknown>;
  facts: Fact[];
  suggested_action?: HealSuggestion;
  /** Earliest instant this verdict could change without new data, so the scheduler can wake exactly then. */
  next_due?: Date;
  /** The pipeline run this result is about, for grouping downstream alerts under upstream ones. */
  transition?: string;
  date?: string;
}

/** `external`: other APIs (Cloud Run, GitHub), on the warehouse cadence but needing no warehouse. */
export type CheckTier = 'fast' | 'warehouse' | 'external';

export interface CheckDeps {
  config: Config;
  clock: Clock;
  completions: CompletionStore;
  schedule: ScheduleSource;
  /** BigQuery (or the embedded store); warehouse-tier checks run only when it is present. */
  warehouse?: Warehouse;
}

export interface CheckContext {
  config: Config;
  now: Date;
  warehouse?: Warehouse;
  /** The Firestore snapshot shared by all fast checks of one run: one batched read, loaded on first use. */
  snapshot(): Promise<Snapshot>;
}

export interface Check {
  id: CheckId;
  tier: CheckTier;
  run(ctx: CheckContext): Promise<CheckResult[]> | CheckResult[];
}

export const fingerprint = (r: Pick<CheckResult, 'check' | 'subject'>): string => `${r.check}:${r.subject}`;
