/**
 * In-process schedule: runs a job on a cron expression in the pipeline time zone, and also exactly at
 * the instants results say a verdict may change (`next_due`), so detection does not wait for the next tick.
 * Runs never overlap: a tick that arrives while a run is in progress is folded into one follow-up run.
 * Stopping lets the run in progress finish (graceful shutdown) and queues nothing more.
 */
import cron from 'node-cron';
import type { Logger } from './log.js';
import type { Clock } from './ports.js';

export interface ScheduledJob {
  /** Schedule an extra run at `at` (earliest wins); ignored when in the past. */
  wakeAt(at: Date): void;
  /** Runs now unless a run is in progress (then one follow-up run is queued). */
  trigger(): Promise<void>;
  /** No further runs; resolves when the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

/** Why a floor: never spin on a `next_due` a few ms away; one second later is as good. */
export const MIN_WAKE_DELAY_MS = 1000;

export interface ScheduleOptions {
  name: string;
  cron: string;
  timezone: string;
  clock: Clock;
  log: Logger;
  /** One run; may return when the next verdict is due (`next_due`). */
  run: () => Promise<Date | undefined>;
}

export function scheduleJob(opts: ScheduleOptions): ScheduledJob {
  if (!cron.validate(opts.cron)) throw new Error(`${opts.name}: invalid cron expression "${opts.cron}"`);
  const job = new FoldingJob(opts);
  job.task = cron.schedule(opts.cron, () => void job.trigger(), {
    timezone: opts.timezone,
    name: opts.name,
    noOverlap: false,
  });
  return job;
}

/** Runs that never overlap: a trigger during a run queues exactly one follow-up run. */
class FoldingJob implements ScheduledJob {
  task?: { stop(): unknown };
  private running?: Promise<void>;
  private again = false;
  private wakeTimer?: NodeJS.Timeout;
  private wakeAtMs?: number;
  private stopped = false;

  constructor(private readonly opts: ScheduleOptions) {}

  trigger(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.execute().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  wakeAt(at: Date): void {
    if (this.stopped) return;
    const now = this.opts.clock.now().getTime();
    const delay = Math.max(MIN_WAKE_DELAY_MS, at.getTime() - now);
    const target = now + delay;
    if (this.wakeAtMs !== undefined && this.wakeAtMs <= target) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAtMs = target;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      this.wakeAtMs = undefined;
      void this.trigger();
    }, delay);
    this.wakeTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.task?.stop();
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    await this.running;
  }

  private async execute(): Promise<void> {
    do {
      this.again = false;
      try {
        const next = await this.opts.run();
        if (next) this.wakeAt(next);
      } catch (err) {
        this.opts.log.error({ err, job: this.opts.name }, 'scheduled run failed');
      }
    } while (this.again && !this.stopped);
  }
}

/** The usual gap between two runs of a cron expression (from its next two occurrences). */
export function cronIntervalMs(expression: string, timezone: string): number {
  const task = cron.createTask(expression, () => {}, { timezone });
  try {
    const [a, b] = task.getNextRuns(2);
    return a && b ? b.getTime() - a.getTime() : 60_000;
  } finally {
    void task.destroy();
  }
}
