/**
 * Local mode's stand-in for Cloud Scheduler: "running" a heal job does what production would.
 * 1. The healed transition's document is marked triggered (`_trigger_reason: "manual_heal"`).
 * 2. The next transition's processors (its document for D + (next.date_offset_days − date_offset_days),
 *    SPEC §7) complete one by one over the following minutes, then the next orchestrator triggers —
 *    except the demo's disabled processor, which stays silent: then the next orchestrator triggers at its
 *    deadline (`deadline_exceeded`), as it did on the demo's other days since that processor stopped.
 *
 * Step 2 cannot rely on in-process timers: `pipeline-bot heal` exits right away and `pipeline-bot
 * status` runs in another process. So the future writes are queued in the store file
 * (`local_job_sim`) with the instant they become true, and `SimulatingCompletionStore` applies the due
 * ones before every read: whichever process looks next sees the next phase progressing.
 */
import type { Config } from '../../config.js';
import { type JobRef, type JobTrigger, JobTriggerError } from '../../heal/ports.js';
import { addDays, localDate, localInstant } from '../../pipeline/dates.js';
import type { CompletionDoc, IsoDate, Transition } from '../../pipeline/types.js';
import type { Clock, CompletionStore, DocRef } from '../../ports.js';
import type { Db } from './db.js';
import { toJson } from './json.js';

/**
 * Why a table, not timers: `pipeline-bot heal` exits at once, the simulated writes must outlive it; IF NOT
 * EXISTS: run on every open.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS local_job_sim (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  collection TEXT NOT NULL,
  date TEXT NOT NULL,
  due_at TEXT NOT NULL,
  fields TEXT NOT NULL,
  -- 0: merge; 1: only fields the document lacks; 2: only if the document is not triggered yet
  mode INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS local_job_sim_due ON local_job_sim (due_at);
`;

/** Why in the store: the CLI heals in another process than the one that seeded the demo. */
export const SILENT_PROCESSOR_META = 'demo_silent_processor';

export interface LocalJobTriggerOptions {
  /** Minutes between two simulated processor completions of the next phase (default 1). */
  stepMinutes?: number;
}

export interface LocalJobRun {
  project: string;
  location: string;
  job: string;
  transition: string;
  date: IsoDate;
  at: Date;
}

/** Applies every queued write that is due at `now` (in one transaction; safe across processes). */
export function applyDueSimulations(db: Db, now: Date): number {
  db.exec(SCHEMA);
  const tx = db.transaction(() => {
    const due = db
      .prepare(
        'SELECT id, collection, date, fields, mode FROM local_job_sim WHERE due_at <= ? ORDER BY due_at, id',
      )
      .all(now.toISOString()) as {
      id: number;
      collection: string;
      date: string;
      fields: string;
      mode: number;
    }[];
    const read = db.prepare('SELECT data FROM completions WHERE collection = ? AND date = ?');
    const write = db.prepare(
      'INSERT INTO completions (collection, date, data) VALUES (?, ?, ?) ON CONFLICT(collection, date) DO UPDATE SET data = excluded.data',
    );
    const remove = db.prepare('DELETE FROM local_job_sim WHERE id = ?');
    for (const row of due) {
      const current = read.get(row.collection, row.date) as { data: string } | undefined;
      const doc = current ? (JSON.parse(current.data) as Record<string, unknown>) : {};
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      // A processor that already reported keeps its real completion.
      const apply =
        row.mode === 1
          ? Object.fromEntries(Object.entries(fields).filter(([k]) => !(k in doc)))
          : row.mode === 2 && doc._triggered === true
            ? {}
            : fields;
      write.run(row.collection, row.date, toJson({ ...doc, ...apply }));
      remove.run(row.id);
    }
    return due.length;
  });
  return tx.immediate();
}

/** A completion store that first materializes the simulated job's due writes. */
export class SimulatingCompletionStore implements CompletionStore {
  constructor(
    private readonly inner: CompletionStore,
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async getMany(refs: DocRef[]): Promise<CompletionDoc[]> {
    applyDueSimulations(this.db, this.clock.now());
    return this.inner.getMany(refs);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
}

export class LocalJobTrigger implements JobTrigger {
  readonly runs: LocalJobRun[] = [];

  constructor(
    private readonly db: Db,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly opts: LocalJobTriggerOptions = {},
  ) {
    db.exec(SCHEMA);
  }

  async runJob(ref: JobRef): Promise<void> {
    const t = ref.hint
      ? this.config.transitions.find((x) => x.id === ref.hint!.transition)
      : this.config.transitions.find(
          (x) =>
            x.heal?.action === 'scheduler_job' && x.heal.job === ref.job && x.heal.location === ref.location,
        );
    if (t?.heal?.action !== 'scheduler_job' || t.heal.job !== ref.job) {
      throw new JobTriggerError(`local scheduler: no job ${ref.job} in ${ref.location}`, false, 404);
    }
    const now = this.clock.now();
    const date = ref.hint?.date ?? addDays(localDate(now, this.config.timezone), t.date_offset_days);
    this.advance(t, date);
    this.runs.push({
      project: ref.project,
      location: ref.location,
      job: ref.job,
      transition: t.id,
      date,
      at: now,
    });
  }

  /**
   * What the orchestrator does once started for `date`, whatever started it (a job, a trigger message,
   * an HTTP call): the healed document is marked triggered and the next phase progresses.
   */
  advance(t: Transition, date: IsoDate): void {
    const now = this.clock.now();
    const step = (this.opts.stepMinutes ?? 1) * 60_000;
    const queue = this.db.prepare(
      'INSERT INTO local_job_sim (collection, date, due_at, fields, mode) VALUES (?, ?, ?, ?, ?)',
    );
    const next = t.next ? this.config.transitions.find((x) => x.id === t.next) : undefined;
    this.db
      .transaction(() => {
        // Due now: the orchestrator's flag, applied by the read below.
        queue.run(
          t.collection,
          date,
          now.toISOString(),
          toJson({ _triggered: true, _trigger_reason: 'manual_heal', _triggered_at: now }),
          0,
        );
        if (!next) return;
        const nextDate = addDays(date, next.date_offset_days - t.date_offset_days);
        // Read here with SQL, like the rest of this file: importing db.ts would load the native module
        // wherever the completion store wrapper is imported (production installs have none).
        const silent = (
          this.db.prepare('SELECT value FROM meta WHERE key = ?').get(SILENT_PROCESSOR_META) as
            | { value: string }
            | undefined
        )?.value;
        const reporting = next.expected_processors.filter((p) => p !== silent);
        reporting.forEach((p, k) => {
          const at = new Date(now.getTime() + (k + 1) * step);
          const fields = {
            [p]: {
              status: 'success',
              completed_at: at,
              record_count: 100 + ((k * 7919 + nextDate.length * 31) % 900),
              execution_id: `local-heal-${now.getTime().toString(36)}-${k}`,
            },
          };
          queue.run(next.collection, nextDate, at.toISOString(), toJson(fields), 1);
        });
        // The next phase's orchestrator fires a moment after its last processor, or at its deadline
        // when one stays silent (never before the last reporting processor).
        const afterLast = new Date(now.getTime() + (reporting.length + 1) * step);
        const complete = reporting.length === next.expected_processors.length;
        const deadline =
          !complete && next.deadline
            ? localInstant(addDays(nextDate, -next.date_offset_days), next.deadline, this.config.timezone)
            : undefined;
        const triggerAt = deadline && deadline > afterLast ? deadline : afterLast;
        const reason = complete ? 'all_complete' : 'deadline_exceeded';
        queue.run(
          next.collection,
          nextDate,
          triggerAt.toISOString(),
          toJson({ _triggered: true, _trigger_reason: reason, _triggered_at: triggerAt }),
          2,
        );
      })
      .immediate();
    applyDueSimulations(this.db, now);
  }
}
