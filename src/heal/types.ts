/**
 * The heal feature's requests and outcomes (SPEC §5): what an entry point asks, what a heal would do
 * (the plan) and what it did — as data. Views render them (`src/views/heal-outcome.ts`); the only text
 * here is what the heal log records (a refusal's `reason`).
 */
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { IsoDate } from '../pipeline/types.js';
import type { Chat, Clock, CompletionStore } from '../ports.js';
import type {
  ActionPlan,
  HealEvent,
  HealExporter,
  HealLock,
  HealLog,
  HealSource,
  PhaseStarters,
} from './ports.js';

export interface HealRequest {
  /** A transition id or the phase it starts (`phase3` = `phase2_to_phase3`). Never trusted. */
  transition: string;
  /** `YYYY-MM-DD`, `today` or `yesterday`; default: the transition's current date. Never trusted. */
  date?: string;
  source: HealSource;
  /** Slack user id (button, slash), OS user (cli), or the bot (auto). */
  requestedBy: string;
  force?: boolean;
  dryRun?: boolean;
}

export type HealOutcomeKind =
  | 'triggered'
  | 'failed'
  | 'denied'
  | 'refused'
  | 'duplicate'
  | 'dry_run'
  /** The store could not be read or written: nothing was run. */
  | 'unavailable';

/** What a heal would do, shown by dry runs and confirmation prompts. */
export interface HealPlan {
  transition: string;
  date: IsoDate;
  label: string;
  project: string;
  /** What will start the next phase, filled for `date`. */
  action: ActionPlan;
  /** The equivalent command by hand (gcloud / curl). */
  trigger_command: string;
  collection: string;
  processors_complete: number;
  expected_processors: number;
  missing: string[];
  triggered: boolean;
  force: boolean;
  /** Why the heal would not run now (empty: it would run). */
  blockers: string[];
  /** The document whose progress verifies the heal. */
  next?: { transition: string; collection: string; date: IsoDate };
}

/** Why a user may not heal: who asked, who may, and user groups that could not be checked. */
export interface HealDenial {
  user: string;
  users: string[];
  groups: string[];
  /** `group: error` for each user group whose members could not be read. */
  failures: string[];
}

export interface HealOutcome {
  kind: HealOutcomeKind;
  /** True when the action ran (or, for a dry run, would run). */
  ok: boolean;
  transition?: string;
  date?: IsoDate;
  plan?: HealPlan;
  /** The event recorded for this attempt (none for dry runs, unavailable stores, or a failed record). */
  event?: HealEvent;
  /** denied / refused / duplicate: why, as recorded in the event's `reason`. */
  reason?: string;
  /** For `denied`: who asked and who may heal. */
  denial?: HealDenial;
  /** A plan preview (dry run, or the plan shown before a confirmation). */
  dryRun?: boolean;
  /** For `duplicate`: the heal that holds the run. */
  holder?: { heal_id: string; requested_by: string; requested_at: Date; status?: string };
  /** For `triggered`: when `verifyHeal` will have a verdict. */
  verifyAt?: Date;
  /** For `triggered` / `failed`: the outcome could not be recorded (the event stays `requested`). */
  unrecorded?: boolean;
  /** For `failed`: the action's error, and whether it may have started the phase anyway (lock kept). */
  failure?: { error: string; ambiguous: boolean; cooldownMinutes: number };
  /** For `dry_run`: a live lock that would refuse the heal now. */
  lock?: HealLock;
  /** For `unavailable`: which step could not reach the store, where, and the error. */
  unavailable?: { step: 'read' | 'record'; where: string; error: string };
}

export type VerifyKind = 'started' | 'not_started' | 'pending' | 'skipped';

export interface VerifyOutcome {
  kind: VerifyKind;
  heal_id: string;
  event?: HealEvent;
  /** For `skipped`: why there is nothing to verify. */
  skipped?: 'unknown' | 'not_triggered' | 'no_next';
  /** The next phase's document that verifies the heal (`phase3_completion/2026-02-10`) and its transition. */
  where?: string;
  next?: string;
  /** What the next document showed when judged (absent for a verdict read back from the event). */
  seen?: { reported: number; expected: number; triggered: boolean };
  /** For `not_started`: the verification window. */
  windowMinutes?: number;
  /** For `pending`: when the verdict is due. */
  dueAt?: Date;
}

export interface StaleHeal {
  /** A heal left `requested`, now recorded as `failed` (interrupted). */
  event: HealEvent;
}

export interface FlushResult {
  exported: number;
  failed: number;
  error?: string;
}

export interface HealServiceDeps {
  config: Config;
  clock: Clock;
  completions: CompletionStore;
  healLog: HealLog;
  /** The adapter of each heal action kind (scheduler_job, pubsub, http). */
  actions: PhaseStarters;
  /** The BigQuery copy; without it events stay in the outbox. */
  exporter?: HealExporter;
  /** For `heal.allowed_usergroups`. */
  chat?: Pick<Chat, 'usergroupMembers'>;
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** GCP project of the Scheduler jobs and topics (default `config.project`, else `local`). */
  project?: string;
  newId?: () => string;
  /** How long a user group's members are cached (default 60 s). */
  usergroupCacheMs?: number;
  /** Flush the outbox after each recorded event without waiting for it (default true). */
  exportInBackground?: boolean;
  /** How long the audit write (lock + `requested` event) may take before the heal is abandoned (default 10 s). */
  auditTimeoutMs?: number;
  /** A `requested` event older than this is stale: the process died around the job call (default 2 min). */
  staleAfterMs?: number;
}
