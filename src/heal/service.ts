/**
 * The heal (SPEC §5), Slack-free: it talks to ports and the clock only and returns outcomes that carry
 * a user-facing message. Entry points (button, `/pipeline heal`, CLI, auto-heal) all call `heal()`.
 *
 * Order of a heal: validate the request → permission (denied is recorded) → fresh re-read of the
 * completion document → preconditions (refused is recorded) → [dry run stops here: nothing written,
 * nothing run] → lock + `requested` event in one transaction (a held lock gives a recorded
 * `duplicate`; a store failure means no job: "no audit, no action") → `runJob` → `triggered`, or
 * `failed` with the lock released so a retry works. Every event reaches BigQuery through the outbox.
 */
import { randomUUID } from 'node:crypto';
import type { CheckResult } from '../checks/types.js';
import { resolveDate } from '../commands/parse.js';
import { type Config, findTransition } from '../config.js';
import type { Logger } from '../log.js';
import { addDays, isIsoDate, localDate, localTime } from '../pipeline/dates.js';
import type { CompletionDoc, IsoDate, Transition } from '../pipeline/types.js';
import type { Chat, Clock, CompletionStore } from '../ports.js';
import { DeadlineError, withDeadline } from '../util/deadline.js';
import { mention, quoteInput } from '../util/mrkdwn.js';
import {
  type HealEvent,
  type HealExporter,
  type HealLock,
  type HealLog,
  type HealSource,
  HealStateConflict,
  healRow,
  type JobTrigger,
  JobTriggerError,
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
  job: string;
  location: string;
  /** `projects/{p}/locations/{l}/jobs/{j}` */
  resource: string;
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

export interface HealOutcome {
  kind: HealOutcomeKind;
  /** True when the job ran (or, for a dry run, would run). */
  ok: boolean;
  /** One or two sentences for the user (Slack mrkdwn that also reads fine in a terminal). */
  message: string;
  transition?: string;
  date?: IsoDate;
  plan?: HealPlan;
  /** The event recorded for this attempt (none for dry runs, unavailable stores, or a failed record). */
  event?: HealEvent;
  /** For `duplicate`: the heal that holds the run. */
  holder?: { heal_id: string; requested_by: string; requested_at: Date; status?: string };
  /** For `triggered`: when `verifyHeal` will have a verdict. */
  verifyAt?: Date;
}

export type VerifyKind = 'started' | 'not_started' | 'pending' | 'skipped';

export interface VerifyOutcome {
  kind: VerifyKind;
  heal_id: string;
  message: string;
  event?: HealEvent;
  /** For `pending`: when the verdict is due. */
  dueAt?: Date;
}

export interface StaleHeal {
  event: HealEvent;
  message: string;
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
  jobs: JobTrigger;
  /** The BigQuery copy; without it events stay in the outbox. */
  exporter?: HealExporter;
  /** For `heal.allowed_usergroups`. */
  chat?: Pick<Chat, 'usergroupMembers'>;
  logger?: Pick<Logger, 'warn' | 'error' | 'info'>;
  /** GCP project of the Scheduler jobs (default `config.project`, else `local`). */
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

const MINUTE = 60_000;
/**
 * Why 10 s: the Firestore client retries an unreachable backend for minutes; the user must hear "nothing
 * was run" long before that (Slack's response_url is fine, but nobody waits minutes on a button).
 */
const AUDIT_TIMEOUT_MS = 10_000;

const BOT_USER = 'pipeline-bot';
/** Why: a lost answer from Firestore after the job ran must not leave the event `requested`. */
const FINISH_ATTEMPTS = 3;

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export function triggerCommand(job: string, location: string): string {
  return `gcloud scheduler jobs run ${job} --location=${location}`;
}

/** The next transition's document date for date D (SPEC §7). */
export function nextDocDate(t: Transition, next: Transition, date: IsoDate): IsoDate {
  return addDays(date, next.date_offset_days - t.date_offset_days);
}

export class HealService {
  private readonly groups = new Map<string, { at: number; members: Promise<Set<string>> }>();
  private flushRunning?: Promise<FlushResult>;
  private flushQueued?: Promise<FlushResult>;

  constructor(private readonly deps: HealServiceDeps) {}

  private get config(): Config {
    return this.deps.config;
  }

  private get project(): string {
    return this.deps.project ?? this.config.project ?? 'local';
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  private fmt(at: Date): string {
    const tz = this.config.timezone;
    const day = localDate(at, tz);
    const time = localTime(at, tz);
    return day === localDate(this.now(), tz) ? time : `${day} ${time}`;
  }

  // ---------------------------------------------------------------- heal

  async heal(req: HealRequest): Promise<HealOutcome> {
    const now = this.now();
    const source = req.source;
    const requestedBy = String(req.requestedBy || 'unknown').slice(0, 128);
    const dryRun = !!req.dryRun;
    const force = !!req.force;

    const rawTransition = String(req.transition ?? '').slice(0, 64);
    const t = findTransition(this.config, rawTransition);
    const refuse = (reason: string, transition: string, date: IsoDate, extra: Partial<HealEvent> = {}) =>
      this.refusal('refused', reason, { transition, date, source, requestedBy, now, dryRun, extra });

    if (!t) {
      const known = this.config.transitions.filter((x) => x.heal).map((x) => x.id);
      return refuse(
        `Unknown heal target "${quoteInput(rawTransition)}". Use one of: ${known.join(', ') || '(none configured)'} or the phase it starts (e.g. phase3).`,
        rawTransition || '(none)',
        typeof req.date === 'string' ? req.date.slice(0, 10) : '',
      );
    }
    const today = localDate(now, this.config.timezone);
    const current = addDays(today, t.date_offset_days);
    let date: IsoDate;
    if (req.date === undefined || req.date === '') {
      date = current;
    } else {
      const raw = String(req.date).slice(0, 32);
      // A transition with a positive offset works on a date after today: allow up to its current date.
      const d =
        isIsoDate(raw) && raw > today && raw <= current
          ? { ok: true as const, date: raw }
          : resolveDate(raw, now, this.config.timezone);
      if (!d.ok) return refuse(`Refused: ${d.message}`, t.id, raw.slice(0, 10));
      date = d.date;
    }
    if (!t.heal) return refuse(`${t.id} has no heal job configured (transitions.${t.id}.heal).`, t.id, date);
    const heal = t.heal;
    const jobFields: Partial<HealEvent> = {
      job_name: heal.job,
      location: heal.location,
      trigger_command: triggerCommand(heal.job, heal.location),
    };

    // 1. Who
    const permission = await this.checkPermission(source, requestedBy);
    if (!permission.ok) {
      return this.refusal('denied', permission.reason, {
        transition: t.id,
        date,
        source,
        requestedBy,
        now,
        dryRun,
        extra: jobFields,
      });
    }

    // 2. Fresh state
    let doc: CompletionDoc;
    try {
      [doc] = (await this.deps.completions.getMany([{ collection: t.collection, date }])) as [CompletionDoc];
    } catch (err) {
      return {
        kind: 'unavailable',
        ok: false,
        transition: t.id,
        date,
        message: `Could not read ${t.collection}/${date} (${errText(err)}). Nothing was run; try again when the store answers.`,
      };
    }
    const plan = this.buildPlan(t, date, doc, force);
    const counts = {
      processors_complete: plan.processors_complete,
      expected_processors: plan.expected_processors,
    };
    if (plan.blockers.length) {
      return {
        ...(await refuse(plan.blockers.join(' '), t.id, date, { ...jobFields, ...counts })),
        plan,
      };
    }

    if (dryRun) {
      let lock: HealLock | undefined;
      try {
        lock = await this.deps.healLog.currentLock(t.id, date, now);
      } catch (err) {
        this.deps.logger?.warn({ err }, 'heal dry run: could not read the lock');
      }
      const lockNote = lock
        ? ` Note: ${mention(lock.requested_by)} already healed this run at ${this.fmt(lock.requested_at)}; a heal now would be refused until ${this.fmt(lock.expires_at)}.`
        : '';
      const forced = force && plan.missing.length ? ` (--force: ${plan.missing.length} missing)` : '';
      return {
        kind: 'dry_run',
        ok: !lock,
        transition: t.id,
        date,
        plan,
        message: `Dry run: would run \`${plan.trigger_command}\` for ${t.id} ${date} (${plan.processors_complete}/${plan.expected_processors} processors${forced}).${lockNote} Nothing was changed.`,
      };
    }

    // 3 + 4. Once, and recorded before acting
    const event: HealEvent = {
      heal_id: this.newId(),
      transition: t.id,
      game_date: date,
      source,
      requested_by: requestedBy,
      status: 'requested',
      reason:
        force && plan.missing.length ? `forced with missing processors: ${plan.missing.join(', ')}` : null,
      job_name: heal.job,
      location: heal.location,
      trigger_command: plan.trigger_command,
      ...counts,
      requested_at: now,
      finished_at: null,
      error: null,
      verified: null,
    };
    let begun: Awaited<ReturnType<HealLog['begin']>>;
    const beginning = this.deps.healLog.begin(event, this.config.heal.cooldown_minutes * MINUTE);
    try {
      const ms = this.deps.auditTimeoutMs ?? AUDIT_TIMEOUT_MS;
      begun = await withDeadline(
        beginning,
        ms,
        () => new DeadlineError(`the audit log did not answer within ${ms / 1000} s`),
      );
    } catch (err) {
      if (err instanceof DeadlineError) this.abandonLateBegin(beginning, event.heal_id);
      this.deps.logger?.error(
        { err, transition: t.id, date },
        'heal: could not record the heal; not running the job',
      );
      return {
        kind: 'unavailable',
        ok: false,
        transition: t.id,
        date,
        plan,
        message: `Could not record the heal in the audit log (${errText(err)}). No audit, no action: nothing was run. Try again when Firestore answers.`,
      };
    }
    if (!begun.ok) {
      const holder = begun.holder;
      const by = holder?.requested_by ?? begun.lock.requested_by;
      const at = holder?.requested_at ?? begun.lock.requested_at;
      const state = holder ? ` (${holder.status === 'requested' ? 'in progress' : holder.status})` : '';
      const reason = `already triggered by ${mention(by)} at ${this.fmt(at)}${state}`;
      const out = await this.refusal('duplicate', reason, {
        transition: t.id,
        date,
        source,
        requestedBy,
        now,
        dryRun: false,
        extra: { ...jobFields, ...counts },
        message: `${t.id} ${date} was ${reason}. Nothing else was run${holder ? ` (heal ${holder.heal_id})` : ''}.`,
      });
      return {
        ...out,
        plan,
        holder: { heal_id: begun.lock.heal_id, requested_by: by, requested_at: at, status: holder?.status },
      };
    }
    this.kickExport();

    // 5. Act
    try {
      await this.deps.jobs.runJob({
        project: this.project,
        location: heal.location,
        job: heal.job,
        hint: { transition: t.id, date },
      });
    } catch (err) {
      const ambiguous = err instanceof JobTriggerError ? err.ambiguous : false;
      const error = errText(err);
      let failed: HealEvent | undefined;
      try {
        failed = await this.finishWithRetry(event.heal_id, {
          status: 'failed',
          finished_at: this.now(),
          error,
          releaseLock: !ambiguous,
        });
      } catch (recordErr) {
        this.deps.logger?.error(
          { err: recordErr, heal_id: event.heal_id },
          'heal: could not record the failure',
        );
      }
      this.kickExport();
      const lockNote = ambiguous
        ? ` The call may still have reached Cloud Scheduler, so this run stays locked for ${this.config.heal.cooldown_minutes} min: check ${plan.next ? `${plan.next.collection}/${plan.next.date}` : 'the next phase'} before healing again.`
        : failed
          ? ' The lock is released: you can retry.'
          : ' The failure could not be recorded either; the run stays locked until the cooldown ends.';
      return {
        kind: 'failed',
        ok: false,
        transition: t.id,
        date,
        plan,
        event: failed ?? { ...event, status: 'failed', error, finished_at: this.now() },
        message: `Cloud Scheduler job \`${heal.job}\` (${heal.location}) failed: ${error}.${lockNote}`,
      };
    }

    let done: HealEvent = { ...event, status: 'triggered', finished_at: this.now() };
    let recordNote = '';
    try {
      done = await this.finishWithRetry(event.heal_id, {
        status: 'triggered',
        finished_at: done.finished_at!,
      });
    } catch (err) {
      this.deps.logger?.error(
        { err, heal_id: event.heal_id },
        'heal: the job ran but the outcome could not be recorded',
      );
      recordNote = ' (The job ran, but its outcome could not be recorded: the event stays `requested`.)';
    }
    this.kickExport();
    const verifyAt = plan.next
      ? new Date(done.finished_at!.getTime() + this.config.heal.verify_minutes * MINUTE)
      : undefined;
    const verifyNote = plan.next
      ? ` I will check by ${this.fmt(verifyAt!)} that ${plan.next.transition} started (${plan.next.collection}/${plan.next.date}).`
      : '';
    return {
      kind: 'triggered',
      ok: true,
      transition: t.id,
      date,
      plan,
      event: done,
      verifyAt,
      message: `${heal.label}: ran \`${heal.job}\` (${heal.location}) for ${t.id} ${date}, requested by ${mention(requestedBy)}.${verifyNote}${recordNote}`,
    };
  }

  /** The plan of a heal without any side effect (the dry run's model). */
  async plan(target: string, date?: string, force = false): Promise<HealPlan | undefined> {
    const t = findTransition(this.config, target);
    if (!t?.heal) return undefined;
    const d = date ?? addDays(localDate(this.now(), this.config.timezone), t.date_offset_days);
    const [doc] = await this.deps.completions.getMany([{ collection: t.collection, date: d }]);
    return this.buildPlan(t, d, doc!, force);
  }

  private buildPlan(t: Transition, date: IsoDate, doc: CompletionDoc, force: boolean): HealPlan {
    const heal = t.heal!;
    const complete = t.expected_processors.filter((p) => p in doc.processors);
    const missing = t.expected_processors.filter((p) => !(p in doc.processors));
    const blockers: string[] = [];
    if (doc.triggered) {
      const when = doc.triggeredAt ? ` at ${this.fmt(doc.triggeredAt)}` : '';
      const why = doc.triggerReason ? ` (${doc.triggerReason})` : '';
      blockers.push(
        `${t.id} ${date} is already triggered${when}${why}; the next phase was started, nothing to heal.`,
      );
    } else if (missing.length && !force) {
      blockers.push(
        `${missing.length} of ${t.expected_processors.length} expected processors have not completed for ${t.id} ${date}: ${missing.join(', ')}. Healing now would start the next phase on incomplete data; use --force to heal anyway.`,
      );
    }
    const next = t.next ? this.config.transitions.find((x) => x.id === t.next) : undefined;
    return {
      transition: t.id,
      date,
      label: heal.label,
      project: this.project,
      job: heal.job,
      location: heal.location,
      resource: `projects/${this.project}/locations/${heal.location}/jobs/${heal.job}`,
      trigger_command: triggerCommand(heal.job, heal.location),
      collection: t.collection,
      processors_complete: complete.length,
      expected_processors: t.expected_processors.length,
      missing,
      triggered: doc.triggered,
      force,
      blockers,
      next: next
        ? { transition: next.id, collection: next.collection, date: nextDocDate(t, next, date) }
        : undefined,
    };
  }

  private newId(): string {
    return this.deps.newId?.() ?? randomUUID();
  }

  private async finishWithRetry(healId: string, patch: Parameters<HealLog['finish']>[1]): Promise<HealEvent> {
    let last: unknown;
    for (let i = 0; i < FINISH_ATTEMPTS; i++) {
      try {
        return await this.deps.healLog.finish(healId, patch);
      } catch (err) {
        last = err;
        if (err instanceof HealStateConflict) throw err;
        await new Promise((r) => setTimeout(r, 50 * 2 ** i));
      }
    }
    throw last;
  }

  /** Records a denied/refused/duplicate event (never for dry runs) and builds its outcome. */
  private async refusal(
    status: 'denied' | 'refused' | 'duplicate',
    reason: string,
    o: {
      transition: string;
      date: string;
      source: HealSource;
      requestedBy: string;
      now: Date;
      dryRun: boolean;
      extra?: Partial<HealEvent>;
      message?: string;
    },
  ): Promise<HealOutcome> {
    const base: HealOutcome = {
      kind: status,
      ok: false,
      transition: o.transition,
      date: o.date,
      message: o.message ?? (o.dryRun ? `Dry run: would be refused. ${reason}` : reason),
    };
    // A plan preview that would be refused is not an attempt — except a user who may not heal: every
    // unauthorized request is recorded, whatever the entry point (slash plan, button, App Home, CLI).
    if (o.dryRun && status !== 'denied') return base;
    const event: HealEvent = {
      heal_id: this.newId(),
      transition: o.transition,
      game_date: o.date,
      source: o.source,
      requested_by: o.requestedBy,
      status,
      reason,
      job_name: null,
      location: null,
      trigger_command: null,
      processors_complete: null,
      expected_processors: null,
      requested_at: o.now,
      finished_at: o.now,
      error: null,
      verified: null,
      ...o.extra,
    };
    try {
      await this.deps.healLog.record(event);
      this.kickExport();
      return {
        ...base,
        event,
        message: status === 'denied' ? `${base.message} This attempt was recorded.` : base.message,
      };
    } catch (err) {
      this.deps.logger?.error({ err, status }, 'heal: could not record the refusal');
      return base;
    }
  }

  /**
   * The audit write timed out and the user was told nothing ran. If it lands later anyway, close it as
   * failed and release the lock at once, so the run is not blocked for a cooldown by a heal that never ran.
   */
  private abandonLateBegin(beginning: ReturnType<HealLog['begin']>, healId: string): void {
    beginning
      .then(async (r) => {
        if (!r.ok) return;
        await this.deps.healLog.finish(healId, {
          status: 'failed',
          finished_at: this.now(),
          error: 'abandoned: the audit log answered after the deadline; the job was not run',
          releaseLock: true,
          onlyIfStatus: 'requested',
        });
        this.kickExport();
      })
      .catch((err) =>
        this.deps.logger?.warn({ err, heal_id: healId }, 'heal: could not close a late audit write'),
      );
  }

  // ---------------------------------------------------------------- permission

  /** Whether a Slack user may heal (to show or hide heal buttons; every heal re-checks anyway). */
  async canHeal(user: string): Promise<boolean> {
    return (await this.checkPermission('button', user)).ok;
  }

  private async checkPermission(
    source: HealSource,
    user: string,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    // The CLI runs with the operator's own cloud credentials (they could run gcloud directly), and
    // auto-heal is the bot itself: Slack permissions apply to Slack entry points.
    if (source === 'cli' || source === 'auto') return { ok: true };
    const { allowed_users: users, allowed_usergroups: groups } = this.config.heal;
    if (users.includes(user)) return { ok: true };
    const who = [...users.map((u) => mention(u)), ...groups.map((g) => `<!subteam^${g}>`)];
    const allowedText = who.length
      ? `Only ${who.join(', ')} can heal.`
      : 'Nobody is allowed to heal from Slack yet: set heal.allowed_users or heal.allowed_usergroups in the config.';
    if (groups.length && this.deps.chat) {
      const failures: string[] = [];
      for (const g of groups) {
        try {
          if ((await this.groupMembers(g)).has(user)) return { ok: true };
        } catch (err) {
          failures.push(`${g}: ${errText(err)}`);
        }
      }
      if (failures.length) {
        return {
          ok: false,
          reason: `${mention(user)} is not allowed to heal: could not check user group membership (${failures.join('; ')}). ${allowedText}`,
        };
      }
    }
    return { ok: false, reason: `${mention(user)} is not allowed to heal. ${allowedText}` };
  }

  private groupMembers(group: string): Promise<Set<string>> {
    const ttl = this.deps.usergroupCacheMs ?? 60_000;
    const nowMs = this.now().getTime();
    const hit = this.groups.get(group);
    if (hit && nowMs - hit.at < ttl) return hit.members;
    const members = this.deps.chat!.usergroupMembers(group).then((m) => new Set(m));
    this.groups.set(group, { at: nowMs, members });
    // A failed lookup is not cached.
    members.catch(() => {
      if (this.groups.get(group)?.members === members) this.groups.delete(group);
    });
    return members;
  }

  // ---------------------------------------------------------------- BigQuery outbox

  private kickExport(): void {
    if (!this.deps.exporter || this.deps.exportInBackground === false) return;
    void this.flushOutbox().catch((err) => this.deps.logger?.warn({ err }, 'heal export failed; will retry'));
  }

  /**
   * Sends every pending outbox row to BigQuery (`insertId` = `{heal_id}:{status}`) and marks what
   * landed. Rows that fail stay pending for the next flush. Calls are coalesced: at most one runs,
   * at most one waits.
   */
  flushOutbox(): Promise<FlushResult> {
    if (this.flushQueued) return this.flushQueued;
    if (this.flushRunning) {
      this.flushQueued = this.flushRunning
        .catch(() => undefined)
        .then(() => {
          this.flushQueued = undefined;
          return this.startFlush();
        });
      return this.flushQueued;
    }
    return this.startFlush();
  }

  /** Resolves when no flush is running or queued (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.flushRunning || this.flushQueued) {
      await (this.flushQueued ?? this.flushRunning)!.catch(() => undefined);
    }
  }

  private startFlush(): Promise<FlushResult> {
    const run = this.flushOnce().finally(() => {
      if (this.flushRunning === run) this.flushRunning = undefined;
    });
    this.flushRunning = run;
    return run;
  }

  private async flushOnce(): Promise<FlushResult> {
    const exporter = this.deps.exporter;
    if (!exporter) return { exported: 0, failed: 0 };
    const result: FlushResult = { exported: 0, failed: 0 };
    const BATCH = 200;
    for (let round = 0; round < 50; round++) {
      let entries: Awaited<ReturnType<HealLog['pendingExports']>>;
      try {
        entries = await this.deps.healLog.pendingExports(BATCH);
      } catch (err) {
        return { ...result, error: `could not read the outbox: ${errText(err)}` };
      }
      if (entries.length === 0) return result;
      let failedIds: Set<string>;
      try {
        const res = await exporter.insert(entries.map((e) => healRow(e.key, e.event)));
        failedIds = new Set(res.failed.map((f) => f.insertId));
        if (res.failed.length) {
          this.deps.logger?.warn(
            { failed: res.failed.slice(0, 5) },
            'BigQuery rejected heal rows; they stay in the outbox',
          );
        }
      } catch (err) {
        return { ...result, failed: result.failed + entries.length, error: errText(err) };
      }
      const landed = entries.filter((e) => !failedIds.has(e.key)).map((e) => e.key);
      try {
        await this.deps.healLog.markExported(landed, this.now());
      } catch (err) {
        // They landed; a re-send carries the same insertId, which BigQuery de-duplicates.
        return {
          ...result,
          exported: result.exported + landed.length,
          error: `could not mark exported: ${errText(err)}`,
        };
      }
      result.exported += landed.length;
      result.failed += failedIds.size;
      if (failedIds.size || entries.length < BATCH) return result;
    }
    return result;
  }

  // ---------------------------------------------------------------- verification

  /**
   * Did the next phase start after heal `healId`? `started` as soon as the next document has a
   * processor that completed after the heal (or is triggered); `not_started` once `verify_minutes`
   * have passed without that; `pending` before. The verdict is recorded on the event (once).
   */
  async verifyHeal(healId: string): Promise<VerifyOutcome> {
    const event = await this.deps.healLog.get(healId);
    if (!event) return { kind: 'skipped', heal_id: healId, message: `No heal ${healId}.` };
    if (event.status !== 'triggered') {
      return {
        kind: 'skipped',
        heal_id: healId,
        event,
        message: `Heal ${healId} is ${event.status}; nothing to verify.`,
      };
    }
    const t = this.config.transitions.find((x) => x.id === event.transition);
    const next = t?.next ? this.config.transitions.find((x) => x.id === t.next) : undefined;
    if (!t || !next) {
      return {
        kind: 'skipped',
        heal_id: healId,
        event,
        message: `${event.transition} has no next transition to watch.`,
      };
    }
    const nextDate = nextDocDate(t, next, event.game_date);
    const where = `${next.collection}/${nextDate}`;
    if (event.verified) {
      return {
        kind: event.verified,
        heal_id: healId,
        event,
        message: this.verifyMessage(event, event.verified, where),
      };
    }
    const [doc] = await this.deps.completions.getMany([{ collection: next.collection, date: nextDate }]);
    const since = event.requested_at.getTime();
    const fresh = Object.values(doc!.processors).filter(
      (p) => !p.completedAt || p.completedAt.getTime() >= since,
    );
    const now = this.now();
    const dueAt = new Date(
      (event.finished_at ?? event.requested_at).getTime() + this.config.heal.verify_minutes * MINUTE,
    );
    let verdict: 'started' | 'not_started';
    if (doc!.triggered || fresh.length > 0) verdict = 'started';
    else if (now.getTime() < dueAt.getTime()) {
      return {
        kind: 'pending',
        heal_id: healId,
        event,
        dueAt,
        message: `Waiting until ${this.fmt(dueAt)} for ${next.id} to start (${where}).`,
      };
    } else verdict = 'not_started';
    const updated = (await this.deps.healLog.setVerified(healId, verdict, now)) ?? {
      ...event,
      verified: verdict,
    };
    this.kickExport();
    return {
      kind: verdict,
      heal_id: healId,
      event: updated,
      message: this.verifyMessage(
        updated,
        verdict,
        where,
        fresh.length,
        next.expected_processors.length,
        doc!.triggered,
      ),
    };
  }

  private verifyMessage(
    e: HealEvent,
    verdict: 'started' | 'not_started',
    where: string,
    reported?: number,
    expected?: number,
    triggered?: boolean,
  ): string {
    if (verdict === 'started') {
      const progress =
        reported !== undefined
          ? ` (${triggered ? 'triggered' : `${reported}/${expected} processors reported`})`
          : '';
      return `Verified: the next phase started after the heal of ${e.transition} ${e.game_date}: ${where}${progress}.`;
    }
    return `Not verified: ${this.config.heal.verify_minutes} min after the heal of ${e.transition} ${e.game_date}, ${where} shows no new processor. The job \`${e.job_name}\` may have run without effect: check its logs and the next phase's trigger.`;
  }

  /** Triggered heals whose verification window has ended without a verdict (for the scheduler tick). */
  async pendingVerifications(): Promise<HealEvent[]> {
    const now = this.now().getTime();
    const window = this.config.heal.verify_minutes * MINUTE;
    return (await this.unverified()).filter(
      (e) => (e.finished_at ?? e.requested_at).getTime() + window <= now,
    );
  }

  /** When the next verification falls due (so a scheduler can wake then), if any. */
  async nextVerificationAt(): Promise<Date | undefined> {
    const window = this.config.heal.verify_minutes * MINUTE;
    const times = (await this.unverified()).map((e) => (e.finished_at ?? e.requested_at).getTime() + window);
    return times.length ? new Date(Math.min(...times)) : undefined;
  }

  /** Runs `verifyHeal` on every heal whose window has ended. */
  async verifyDue(): Promise<VerifyOutcome[]> {
    const out: VerifyOutcome[] = [];
    for (const e of await this.pendingVerifications()) out.push(await this.verifyHeal(e.heal_id));
    return out;
  }

  private async unverified(): Promise<HealEvent[]> {
    const since = new Date(this.now().getTime() - 2 * 24 * 60 * MINUTE);
    const withNext = new Set(this.config.transitions.filter((t) => t.next).map((t) => t.id));
    return (await this.deps.healLog.list({ since, limit: 1000 })).filter(
      (e) => e.status === 'triggered' && e.verified === null && withNext.has(e.transition),
    );
  }

  // ---------------------------------------------------------------- crash recovery

  /**
   * `requested` events older than the stale window: the process stopped between recording the heal and
   * recording the job's outcome. Each is reported once (marked `failed` with an "interrupted" error by
   * whichever instance gets there first); its lock is kept until the cooldown ends because the job may
   * have run.
   */
  async reportStale(): Promise<StaleHeal[]> {
    const now = this.now();
    const staleMs = this.deps.staleAfterMs ?? 2 * MINUTE;
    const stale = (await this.deps.healLog.inStatus('requested', 200)).filter(
      (e) => now.getTime() - e.requested_at.getTime() >= staleMs,
    );
    const out: StaleHeal[] = [];
    for (const e of stale) {
      const error = `interrupted: the bot stopped after recording the heal at ${e.requested_at.toISOString()} and before recording the job's outcome; the job may or may not have run`;
      try {
        const failed = await this.deps.healLog.finish(e.heal_id, {
          status: 'failed',
          finished_at: now,
          error,
          onlyIfStatus: 'requested',
        });
        out.push({
          event: failed,
          message: `Heal ${e.heal_id} of ${e.transition} ${e.game_date} by ${mention(e.requested_by)} at ${this.fmt(e.requested_at)} never finished: the bot stopped around the Cloud Scheduler call, so \`${e.job_name}\` may or may not have run. Check the next phase; the run can be healed again after the cooldown.`,
        });
      } catch (err) {
        if (!(err instanceof HealStateConflict)) throw err;
      }
    }
    if (out.length) this.kickExport();
    return out;
  }

  // ---------------------------------------------------------------- auto-heal and history

  /**
   * Auto-heal (`heal.auto` / `AUTO_HEAL`): heals `stuck` runs only, at most once per transition+date
   * (any earlier auto attempt for the run, whatever its outcome, stops another).
   */
  async maybeAutoHeal(results: CheckResult[]): Promise<HealOutcome[]> {
    if (!this.config.heal.auto) return [];
    const out: HealOutcome[] = [];
    const seen = new Set<string>();
    for (const r of results) {
      if (r.check !== 'stuck' || r.status !== 'fail' || !r.transition || !r.date) continue;
      const key = `${r.transition}:${r.date}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const t = this.config.transitions.find((x) => x.id === r.transition);
      if (!t?.heal) continue;
      let prior: HealEvent[];
      try {
        prior = await this.deps.healLog.forRun(t.id, r.date);
      } catch (err) {
        this.deps.logger?.warn({ err, run: key }, 'auto-heal: could not read the heal log; skipping');
        continue;
      }
      if (prior.some((e) => e.source === 'auto')) continue;
      out.push(await this.heal({ transition: t.id, date: r.date, source: 'auto', requestedBy: BOT_USER }));
    }
    return out;
  }

  /** Heal events of the last `days` days, newest first (for `history`). */
  async recent(days = 7, transition?: string): Promise<HealEvent[]> {
    const since = new Date(this.now().getTime() - days * 24 * 60 * MINUTE);
    return this.deps.healLog.list({ since, transition });
  }
}
