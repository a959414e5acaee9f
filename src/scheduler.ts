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
const MIN_WAKE_DELAY_MS = 1000;

export function scheduleJob(opts: {
  name: string;
  cron: string;
  timezone: string;
  clock: Clock;
  log: Logger;
  run: () => Promise<Date | undefined>;
}): ScheduledJob {
  let running: Promise<void> | undefined;
  let again = false;
  let wakeTimer: NodeJS.Timeout | undefined;
  let wakeAtMs: number | undefined;
  let stopped = false;

  const execute = async (): Promise<void> => {
    do {
      again = false;
      try {
        const next = await opts.run();
        if (next) job.wakeAt(next);
      } catch (err) {
        opts.log.error({ err, job: opts.name }, 'scheduled run failed');
      }
    } while (again && !stopped);
  };

  const job: ScheduledJob = {
    trigger() {
      if (stopped) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = execute().finally(() => {
        running = undefined;
      });
      return running;
    },
    wakeAt(at) {
      if (stopped) return;
      const delay = Math.max(MIN_WAKE_DELAY_MS, at.getTime() - opts.clock.now().getTime());
      const target = opts.clock.now().getTime() + delay;
      if (wakeAtMs !== undefined && wakeAtMs <= target) return;
      if (wakeTimer) clearTimeout(wakeTimer);
      wakeAtMs = target;
      wakeTimer = setTimeout(() => {
        wakeTimer = undefined;
        wakeAtMs = undefined;
        void job.trigger();
      }, delay);
      wakeTimer.unref?.();
    },
    async stop() {
      stopped = true;
      task.stop();
      if (wakeTimer) clearTimeout(wakeTimer);
      await running;
    },
  };

  if (!cron.validate(opts.cron)) throw new Error(`${opts.name}: invalid cron expression "${opts.cron}"`);
  const task = cron.schedule(opts.cron, () => void job.trigger(), {
    timezone: opts.timezone,
    name: opts.name,
    noOverlap: false,
  });
  return job;
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
