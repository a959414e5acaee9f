/**
 * One scheduled tick across all instances: a lease (with an expiry, so a crashed holder's lease lapses)
 * makes each tick run once, then results become alerts. A bot that has not completed a run for three
 * intervals says so in the channel on its next run, and `/readyz` reports it meanwhile.
 */
import type { CheckResult } from '../checks/types.js';
import type { Logger } from '../log.js';
import type { Clock, Probe } from '../ports.js';
import type { AlertService } from './service.js';
import type { LeaseStore } from './types.js';

/** Why one name: every instance races for this lease at a tick; its last completion dates the last run. */
export const CHECKS_LEASE = 'checks';
/** Why 2 min: longer than a normal run (seconds), short enough that a crashed holder delays only a couple of ticks. */
const LEASE_TTL_MS = 2 * 60_000;
/** Why 3: one late tick can happen; no run for three intervals means the bot is down, an incident itself. */
export const STALE_INTERVALS = 3;

export type Trigger = 'cron' | 'task' | 'cli';

/** No run completed for `intervals` or more intervals after `lastCompleted`: the bot was down or stopped. */
export interface MissedRuns {
  lastCompleted: Date;
  intervals: number;
}

export interface MonitorDeps {
  clock: Clock;
  log: Logger;
  leases: LeaseStore;
  instanceId: string;
  /** Runs the checks that are due (fast every tick, warehouse on its own cadence). */
  run(trigger: Trigger, opts?: { record?: boolean }): Promise<CheckResult[]>;
  alerts?: AlertService;
  /** Tells the alert channel that runs were missed (the wiring renders it with views). */
  notify?(gap: MissedRuns): Promise<void>;
  intervalMs: number;
  startedAt: Date;
  /** Work that rides on each tick under the lease (heal housekeeping); its failure never fails the tick. */
  after?(results: CheckResult[]): Promise<void>;
}

export class Monitor {
  /** Ticks of this process run one after another (cron and /tasks/checks may arrive together). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: MonitorDeps) {}

  get staleAfterMs(): number {
    return this.d.intervalMs * STALE_INTERVALS;
  }

  /** A scheduled or task-triggered run. Without the lease (another instance runs this tick) it only computes results. */
  tick(trigger: Trigger): Promise<CheckResult[]> {
    const run = this.queue.then(() => this.tickNow(trigger));
    this.queue = run.catch(() => {});
    return run;
  }

  private async tickNow(trigger: Trigger): Promise<CheckResult[]> {
    const { clock, leases, instanceId } = this.d;
    const now = clock.now();
    if (!(await leases.acquire(CHECKS_LEASE, instanceId, LEASE_TTL_MS, now))) {
      this.d.log.debug(
        { trigger },
        'another instance holds the checks lease; not processing alerts this tick',
      );
      return trigger === 'task' ? this.d.run(trigger, { record: false }) : [];
    }
    try {
      await this.reportGap(now);
      const results = await this.d.run(trigger);
      await this.d.alerts?.process(results);
      await this.d.after?.(results).catch((err) => this.d.log.error({ err }, 'post-tick work failed'));
      await leases.markCompleted(CHECKS_LEASE, clock.now());
      return results;
    } finally {
      await leases
        .release(CHECKS_LEASE, instanceId)
        .catch((err) => this.d.log.warn({ err }, 'lease release failed'));
    }
  }

  private async reportGap(now: Date): Promise<void> {
    const last = await this.d.leases.lastCompleted(CHECKS_LEASE);
    if (!last || now.getTime() - last.getTime() <= this.staleAfterMs || !this.d.notify) return;
    await this.d
      .notify({ lastCompleted: last, intervals: STALE_INTERVALS })
      .catch((err) => this.d.log.error({ err }, 'could not post the missed-runs notice'));
  }

  /** `/readyz`: not ready when no run has completed for three intervals. */
  probe(): Probe {
    return {
      name: 'checks',
      ping: async () => {
        const now = this.d.clock.now();
        const last = await this.d.leases.lastCompleted(CHECKS_LEASE);
        const ref = last ?? this.d.startedAt;
        if (now.getTime() - ref.getTime() > this.staleAfterMs) {
          throw new Error(`no check run completed since ${last ? last.toISOString() : 'start-up'}`);
        }
      },
    };
  }
}
