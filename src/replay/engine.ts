/**
 * Replay: the live bot, run on a simulated clock over history. Each tick goes through the real wiring
 * (`createDeps`: the tiered check runner, the monitor, the alert service and its pure lifecycle) with
 * completion documents rebuilt as they were at that instant, in-memory alert and lease stores, and a chat
 * that posts nothing. Ticks come when the live schedule would run them: at each `checks.fast_cron` minute
 * and at the `next_due` instants results name; the warehouse checks run, as live, at the first tick after
 * each `checks.warehouse_cron` time, reading the warehouse as of the simulated clock (`AsOfWarehouse`).
 * Nothing is written to the real stores.
 */
import type { Backend } from '../adapters/index.js';
import { MemoryAlertStore, MemoryLeaseStore, MemorySilenceStore } from '../adapters/memory/stores.js';
import { type CronMatcher, cronMatcher } from '../checks/cron-match.js';
import { earliestDue } from '../checks/runner.js';
import type { CheckResult } from '../checks/types.js';
import type { Config } from '../config.js';
import { buildDigest } from '../digest/model.js';
import { digestDueAt } from '../digest/schedule.js';
import { createLogger } from '../log.js';
import { dateRange, localDate } from '../pipeline/dates.js';
import type { Clock, CompletionStore, ScheduleSource } from '../ports.js';
import { MIN_WAKE_DELAY_MS } from '../scheduler.js';
import { createDeps } from '../service.js';
import { digestIssues } from '../views/digest.js';
import type { Warehouse } from '../warehouse/ports.js';
import { AsOfWarehouse } from './as-of-warehouse.js';
import { AsOfCompletionStore, memoSchedule } from './reconstruct.js';
import { SilentChat, TimelineAlertStore, type TimelineEvent } from './timeline.js';

/** Why a cap: a cron that never matches must not walk minutes forever; a month covers any real schedule. */
const MAX_CRON_LOOKAHEAD_MIN = 31 * 24 * 60;

const matchers = new Map<string, CronMatcher>();
function matcherFor(expr: string, tz: string): CronMatcher {
  const key = `${expr}|${tz}`;
  const known = matchers.get(key);
  if (known) return known;
  const made = cronMatcher(expr, tz);
  matchers.set(key, made);
  return made;
}

export class SimClock implements Clock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(t: Date): void {
    this.t = new Date(t);
  }
}

export interface ReplaySource {
  config: Config;
  completions: CompletionStore;
  schedule: ScheduleSource;
  /** Warehouse checks run only with one; it is read as of each simulated instant, never written. */
  warehouse?: Warehouse;
}

export interface ReplayOptions {
  from: Date;
  to: Date;
  /** Instants at which to record the open alerts (the state after the last tick at or before each). */
  checkpoints?: Date[];
  /** Also say what each daily digest due in the period would have said (default true). */
  digest?: boolean;
}

export interface OpenAlertAt {
  check: string;
  subject: string;
  status: string;
  summary: string;
  since: Date;
}

export interface ReplayResult {
  from: Date;
  to: Date;
  ticks: number;
  events: TimelineEvent[];
  checkpoints: { at: Date; open: OpenAlertAt[] }[];
}

/** The next instant the live schedule runs checks after `t`: the next cron minute or the earliest `next_due`. */
export function nextTickAfter(t: Date, results: CheckResult[], config: Config): Date {
  const cron = matcherFor(config.checks.fast_cron, config.timezone);
  let next = new Date(Number.POSITIVE_INFINITY);
  const first = Math.floor(t.getTime() / 60_000) + 1;
  for (let m = first; m < first + MAX_CRON_LOOKAHEAD_MIN; m++) {
    if (cron.matches(new Date(m * 60_000))) {
      next = new Date(m * 60_000);
      break;
    }
  }
  const due = earliestDue(results, t);
  if (due) {
    const wake = new Date(Math.max(due.getTime(), t.getTime() + MIN_WAKE_DELAY_MS));
    if (wake < next) next = wake;
  }
  return next;
}

export async function runReplay(src: ReplaySource, opts: ReplayOptions): Promise<ReplayResult> {
  const { config } = src;
  const clock = new SimClock(opts.from);
  const memory = new MemoryAlertStore();
  const alerts = new TimelineAlertStore(memory, clock);
  const backend: Backend = {
    kind: 'local',
    completions: new AsOfCompletionStore(src.completions, clock),
    schedule: memoSchedule(src.schedule),
    alerts,
    leases: new MemoryLeaseStore(),
    silences: new MemorySilenceStore(),
    warehouse: src.warehouse && new AsOfWarehouse(src.warehouse, clock),
    probes: [],
    close: async () => {},
  };
  const deps = createDeps(config, clock, createLogger('silent'), backend, {
    chat: new SilentChat(),
    instanceId: 'replay',
    fallbackChannel: 'replay',
  });
  const digests = opts.digest === false ? [] : digestInstants(config, opts.from, opts.to);
  const pending = [...(opts.checkpoints ?? [])].sort((a, b) => a.getTime() - b.getTime());
  const checkpoints: ReplayResult['checkpoints'] = [];
  const capture = async (upTo: Date) => {
    while (pending.length && pending[0]!.getTime() < upTo.getTime()) {
      checkpoints.push({ at: pending.shift()!, open: openAlerts(await memory.listActive()) });
    }
  };
  let ticks = 0;
  for (let t = opts.from; t.getTime() <= opts.to.getTime(); ) {
    await capture(t);
    clock.set(t);
    const results = await deps.runScheduledChecks('cron');
    ticks++;
    const next = nextTickAfter(t, results, config);
    while (digests.length && digests[0]!.getTime() < next.getTime()) {
      const at = digests.shift()!;
      if (at.getTime() < t.getTime()) continue;
      clock.set(at);
      const model = await buildDigest(deps, at);
      alerts.events.push({ at, kind: 'digest', date: model.today, issues: digestIssues(model) });
    }
    t = next;
  }
  await capture(new Date(opts.to.getTime() + 1));
  return { from: opts.from, to: opts.to, ticks, events: alerts.events, checkpoints };
}

function digestInstants(config: Config, from: Date, to: Date): Date[] {
  const tz = config.timezone;
  return dateRange(localDate(from, tz), localDate(to, tz))
    .map((d) => digestDueAt(d, config.digest.cron, tz))
    .filter((d): d is Date => !!d && d >= from && d <= to);
}

function openAlerts(records: Awaited<ReturnType<MemoryAlertStore['listActive']>>): OpenAlertAt[] {
  return records
    .filter((a) => a.state !== 'resolved')
    .map((a) => ({
      check: a.check,
      subject: a.subject,
      status: a.severity,
      summary: a.summary,
      since: a.firingSince,
    }))
    .sort((a, b) => `${a.check}:${a.subject}`.localeCompare(`${b.check}:${b.subject}`));
}
