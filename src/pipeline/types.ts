/** Domain types of the pipeline: transitions, completion documents, derived state. Slack-free. */

/** A check's verdict (SPEC §3); here because the warehouse's check history stores it too. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'error';

/** A calendar date in the pipeline time zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The heal actions (SPEC §10 `transitions.<id>.heal.action`): how a heal starts the next phase. */
export type HealActionKind = 'scheduler_job' | 'pubsub' | 'http';

/** Runs a Cloud Scheduler job, which processes only its own current date. */
export interface SchedulerJobHeal {
  action: 'scheduler_job';
  job: string;
  location: string;
  label: string;
}

/** Publishes the phase's trigger message for the date (templates hold `{date}`). */
export interface PubSubHeal {
  action: 'pubsub';
  topic: string;
  /** JSON body template; valid JSON once `{date}` is replaced. */
  message: string;
  attributes: Record<string, string>;
  ordering_key?: string;
  label: string;
}

/** POSTs the JSON body template to an orchestrator (Cloud Run / Functions) with a Google ID token. */
export interface HttpHeal {
  action: 'http';
  url: string;
  /** The ID token's audience (default: the url). */
  audience?: string;
  body: string;
  timeout_ms: number;
  label: string;
}

export type HealAction = SchedulerJobHeal | PubSubHeal | HttpHeal;

export interface Transition {
  id: string;
  collection: string;
  date_offset_days: number;
  expected_processors: string[];
  grace_minutes: number;
  /** Local time `HH:MM` on the run date (= date − date_offset_days) by which it must have triggered. */
  deadline?: string;
  requires_games: boolean;
  next?: string;
  heal?: HealAction;
}

export interface ProcessorCompletion {
  name: string;
  status?: string;
  completedAt?: Date;
  recordCount?: number;
  /** True when the stored value was not a map (junk data); it still counts as "reported". */
  malformed: boolean;
}

/** One completion document (`phase2_completion/2026-02-09`), parsed. */
export interface CompletionDoc {
  collection: string;
  date: IsoDate;
  exists: boolean;
  processors: Record<string, ProcessorCompletion>;
  triggered: boolean;
  triggeredAt?: Date;
  triggerReason?: string;
}

export type TransitionStateName = 'idle' | 'waiting' | 'triggered' | 'stuck' | 'overdue';

export interface TransitionState {
  transition: string;
  date: IsoDate;
  state: TransitionStateName;
  expected: string[];
  complete: string[];
  missing: string[];
  /** Processors that reported but are not expected: real data, never counted toward "all complete". */
  unexpected: string[];
  hasGames: boolean;
  lastCompletionAt?: Date;
  /** When all expected processors were in (= last expected completion). */
  allCompleteAt?: Date;
  triggeredAt?: Date;
  triggerReason?: string;
  deadlineAt?: Date;
  /** Earliest instant the state could change without new data (grace end or deadline). */
  nextChangeAt?: Date;
}
