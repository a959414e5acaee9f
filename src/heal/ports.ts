/**
 * Ports of the heal feature (SPEC §5): the job that starts the next phase, the heal log (audit
 * events + the per-run lock + the BigQuery outbox), and the BigQuery exporter. Slack-free.
 */
import type { HealActionKind, IsoDate } from '../pipeline/types.js';

export type HealSource = 'button' | 'slash' | 'cli' | 'auto';
export type HealStatus = 'requested' | 'triggered' | 'failed' | 'denied' | 'refused' | 'duplicate';
export type HealVerified = 'started' | 'not_started';

/** Why listed: SPEC §5's heal sources as data, next to their type. */
export const HEAL_SOURCES: readonly HealSource[] = ['button', 'slash', 'cli', 'auto'];
/** Why listed: SPEC §5's heal statuses as data, next to their type. */
export const HEAL_STATUSES: readonly HealStatus[] = [
  'requested',
  'triggered',
  'failed',
  'denied',
  'refused',
  'duplicate',
];

/**
 * One heal event, field for field as SPEC §5 names them (Firestore `orchestrator_healing_events/{heal_id}`
 * and BigQuery `nba_orchestration.healing_events`); its typed columns are in `columns.ts`.
 */
export interface HealEvent {
  heal_id: string;
  transition: string;
  game_date: IsoDate;
  source: HealSource;
  requested_by: string;
  status: HealStatus;
  reason: string | null;
  job_name: string | null;
  location: string | null;
  trigger_command: string | null;
  /** Expected processors that had reported when the heal was requested (n of n/N). */
  processors_complete: number | null;
  /** Number of expected processors (N of n/N). */
  expected_processors: number | null;
  requested_at: Date;
  finished_at: Date | null;
  error: string | null;
  verified: HealVerified | null;
  /** How the heal starts the next phase (SPEC §10); null on events stored before actions existed. */
  action: HealActionKind | null;
  /** What the action left to find it by: the Pub/Sub message id, the HTTP status, or the Scheduler job name. */
  action_ref: string | null;
}

/** The lock of one transition+date: who holds it, since when, until when (the cooldown). */
export interface HealLock {
  transition: string;
  game_date: IsoDate;
  heal_id: string;
  requested_by: string;
  requested_at: Date;
  expires_at: Date;
}

export type BeginResult =
  | { ok: true }
  /** A live lock exists; `holder` is the heal that holds it (its event, when it could be read). */
  | { ok: false; lock: HealLock; holder?: HealEvent };

/** The outcome patch of a `requested` event. */
export interface HealOutcomePatch {
  status: 'triggered' | 'failed';
  finished_at: Date;
  error?: string | null;
  reason?: string | null;
  /** The action's reference (message id, HTTP status, job name), when known. */
  action_ref?: string | null;
  /** Delete the lock (if this heal still holds it) in the same transaction: a retry may run at once. */
  releaseLock?: boolean;
  /** Only if the event is still in this status; otherwise nothing is written and `HealStateConflict` is thrown. */
  onlyIfStatus?: HealStatus;
}

/** `finish` with `onlyIfStatus` found the event in another status (another instance got there first). */
export class HealStateConflict extends Error {
  constructor(
    readonly healId: string,
    readonly status: HealStatus,
  ) {
    super(`heal ${healId} is ${status}`);
    this.name = 'HealStateConflict';
  }
}

/** One pending BigQuery row: the event as it was when it reached `status` (or was verified). */
export interface OutboxEntry {
  /** The BigQuery `insertId`: `${heal_id}:${status}` (and `${heal_id}:verified` for the verification). */
  key: string;
  heal_id: string;
  created_at: Date;
  event: HealEvent;
}

export interface HealListQuery {
  /** Events requested at or after this instant. */
  since: Date;
  transition?: string;
  limit?: number;
}

/**
 * The heal log. Every write of an event also enqueues its BigQuery row in the outbox, in the same
 * transaction, so no event can exist without its pending copy.
 */
export interface HealLog {
  /**
   * In ONE transaction: if no live lock (unexpired at `event.requested_at`) exists for
   * `event.transition`+`event.game_date`, takes it until `requested_at + cooldownMs` and writes the
   * `requested` event. Either both are written or neither ("no audit, no action"; "exactly once").
   * Throws when the store cannot be written.
   */
  begin(event: HealEvent, cooldownMs: number): Promise<BeginResult>;
  /** Writes an event that takes no lock (denied, refused, duplicate). */
  record(event: HealEvent): Promise<void>;
  /** Sets the outcome of a `requested` event (and optionally releases its lock, atomically). */
  finish(healId: string, patch: HealOutcomePatch): Promise<HealEvent>;
  /** Releases the lock of `transition`+`date` if `healId` still holds it. */
  release(transition: string, date: IsoDate, healId: string): Promise<void>;
  /** Records whether the next phase started after the heal (`at`: when it was judged). */
  setVerified(healId: string, verified: HealVerified, at: Date): Promise<HealEvent | undefined>;
  get(healId: string): Promise<HealEvent | undefined>;
  /** The live lock of a run, if any (read-only; for dry runs and messages). */
  currentLock(transition: string, date: IsoDate, now: Date): Promise<HealLock | undefined>;
  /** Events requested since `since`, newest first. */
  list(query: HealListQuery): Promise<HealEvent[]>;
  /** Every event of one transition+date, newest first. */
  forRun(transition: string, date: IsoDate): Promise<HealEvent[]>;
  /** Events still in `requested` (a crash between the record and the job call leaves one behind). */
  inStatus(status: HealStatus, limit?: number): Promise<HealEvent[]>;
  /** Outbox rows not yet exported to BigQuery, oldest first. */
  pendingExports(limit?: number): Promise<OutboxEntry[]>;
  markExported(keys: string[], at: Date): Promise<void>;
  ping(): Promise<void>;
}

export interface JobRef {
  project: string;
  location: string;
  job: string;
  /**
   * What the heal is for. Cloud Scheduler ignores it (the job knows its own date); the local
   * simulator uses it to know which documents to advance.
   */
  hint?: { transition: string; date: IsoDate };
}

/**
 * Thrown by a heal action when starting the phase failed. `ambiguous`: it may have started anyway
 * (timeout, reset, a 5xx), so the run stays locked until the cooldown ends; otherwise it failed for certain.
 */
export class HealActionError extends Error {
  constructor(
    message: string,
    readonly ambiguous: boolean,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'HealActionError';
  }
}

/** Thrown by a `JobTrigger` when the Cloud Scheduler call failed. */
export class JobTriggerError extends HealActionError {
  constructor(message: string, ambiguous: boolean, httpStatus?: number) {
    super(message, ambiguous, httpStatus);
    this.name = 'JobTriggerError';
  }
}

/** Starts a Cloud Scheduler job now (`jobs.run`). */
export interface JobTrigger {
  runJob(ref: JobRef): Promise<void>;
}

/**
 * "Start the next phase for this date", as one heal action does it (the config's `heal` block, with its
 * templates already filled for the date). Throws `HealActionError`.
 */
export interface PhaseStart {
  transition: string;
  date: IsoDate;
  /** GCP project of the job / topic. */
  project: string;
  action: ActionPlan;
}

/** What an action leaves to find it by (the heal event's `action_ref`). */
export interface PhaseStarted {
  ref: string | null;
}

export interface PhaseStarter {
  start(request: PhaseStart): Promise<PhaseStarted>;
}

/** The adapter of each action kind a backend offers (only those the config uses need be present). */
export type PhaseStarters = Partial<Record<HealActionKind, PhaseStarter>>;

/** What a heal action will do for one date: the config's block with the date filled in. */
export type ActionPlan =
  | {
      kind: 'scheduler_job';
      job: string;
      location: string;
      /** `projects/{p}/locations/{l}/jobs/{j}` */
      resource: string;
    }
  | {
      kind: 'pubsub';
      topic: string;
      /** The message body, `{date}` filled. */
      message: string;
      attributes: Record<string, string>;
      ordering_key?: string;
    }
  | {
      kind: 'http';
      url: string;
      /** The ID token's audience. */
      audience: string;
      /** The JSON body, `{date}` filled. */
      body: string;
      timeout_ms: number;
    };

/** A row for `nba_orchestration.healing_events`, as BigQuery's JSON API takes it. */
export interface HealRow {
  insertId: string;
  json: Record<string, string | number | null>;
}

export interface ExportResult {
  /** insertIds BigQuery rejected (the others landed). */
  failed: { insertId: string; error: string }[];
}

/** Streams heal rows into BigQuery. Throws when the whole request failed. */
export interface HealExporter {
  insert(rows: HealRow[]): Promise<ExportResult>;
}

export const outboxKey = (healId: string, status: HealStatus | 'verified'): string => `${healId}:${status}`;

/** Firestore document id / SQLite key of a run's lock. */
export const lockKey = (transition: string, date: IsoDate): string => `${transition}_${date}`;
