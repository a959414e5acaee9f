/**
 * The daily digest (issue 6): posted once per local day to the digest channel, across all instances.
 *
 * - Due at the first minute of the local day that `digest.cron` matches (default 08:00, pipeline time zone).
 * - Exactly once per day: a lease (`digest`, with an expiry) serialises instances, and the day is recorded
 *   with `markCompleted('digest:YYYY-MM-DD')` before the lease is released; whoever comes next sees it.
 * - Catch-up: any run after the due instant on the same day posts if the day is not recorded yet (the bot
 *   was down at 08:00). A day that has passed is never posted late.
 * - `digest.only_on_issues`: a day with nothing wrong is recorded without posting.
 * - A failed post leaves the day unrecorded: the scheduler retries a few minutes later.
 * - Its charts follow in its thread, best effort: one that cannot be attached is logged and noted there.
 */

import { attachCharts } from './charts/deliver.js';
import type { ChartRenderer } from './charts/ports.js';
import type { Deps } from './deps.js';
import { digestCharts } from './digest/charts.js';
import { buildDigest, type DigestDeps, type DigestModel } from './digest/model.js';
import { digestDueAt, nextDigestDue } from './digest/schedule.js';
import { localDate } from './pipeline/dates.js';
import type { IsoDate } from './pipeline/types.js';
import type { Chat, PostedMessage } from './ports.js';
import type { ScheduledJob } from './scheduler.js';
import { scheduleJob } from './scheduler.js';
import { errText } from './util/error-text.js';
import { digestChartsMissingText, digestIssues, digestView } from './views/digest.js';

/** Why one name: every instance races for this lease when the digest is due; one posts it. */
export const DIGEST_LEASE = 'digest';
export const digestDayKey = (day: IsoDate): string => `digest:${day}`;
/** Why 5 min: building the digest takes seconds (BigQuery); a crashed holder blocks others only briefly. */
const LEASE_TTL_MS = 5 * 60_000;
/** Why 5 min: retry a failed post the same morning without hammering a failing Slack or BigQuery. */
const RETRY_MS = 5 * 60_000;
/** Why 1 min: another instance holds the lease; building takes seconds, so by then it has usually posted. */
const BUSY_RETRY_MS = 60_000;

/** `cron`: the in-process schedule (posts only once due); `task`: `POST /tasks/digest` (the caller is the schedule); `cli`: `digest --post`. */
export type DigestTrigger = 'cron' | 'task' | 'cli';

export type DigestOutcome =
  | 'posted'
  | 'not_due'
  | 'already_posted'
  | 'busy'
  | 'no_issues'
  | 'no_channel'
  | 'failed';

export interface DigestRunResult {
  date: IsoDate;
  outcome: DigestOutcome;
  channel?: string;
  ts?: string;
  issues?: string[];
  error?: string;
  /** When a scheduler should run again (next due instant, or a retry). */
  nextAt?: Date;
}

export type DigestRunDeps = DigestDeps &
  Pick<Deps, 'clock' | 'leases' | 'instanceId'> &
  Pick<Partial<Deps>, 'charts'>;

/** The digest channel: config (`DIGEST_CHANNEL`, falling back to the alert channel); the terminal in local mode. */
export function digestChannel(deps: Pick<Deps, 'config'>): string | undefined {
  return deps.config.channels.digest ?? (deps.config.slackMode === 'none' ? 'terminal' : undefined);
}

/**
 * One attempt at today's digest. `force` (CLI `digest --post`) posts even when today's was posted or
 * nothing is wrong; it still records the day, so the schedule does not post another.
 */
export function runDailyDigest(
  deps: DigestRunDeps,
  trigger: DigestTrigger,
  opts: { force?: boolean } = {},
): Promise<DigestRunResult> {
  // Runs of one process go one after another: the lease is re-entrant for its holder, so the cron tick and
  // a `/tasks/digest` arriving together in one instance must not both pass it.
  const prev = queues.get(deps.instanceId) ?? Promise.resolve();
  const run = prev.catch(() => {}).then(() => runNow(deps, trigger, opts));
  const tail = run.catch(() => {});
  queues.set(deps.instanceId, tail);
  void tail.then(() => {
    if (queues.get(deps.instanceId) === tail) queues.delete(deps.instanceId);
  });
  return run;
}

const queues = new Map<string, Promise<unknown>>();

async function runNow(
  deps: DigestRunDeps,
  trigger: DigestTrigger,
  opts: { force?: boolean },
): Promise<DigestRunResult> {
  const { config, clock, leases, instanceId, log } = deps;
  const tz = config.timezone;
  const cron = config.digest.cron;
  const now = clock.now();
  const date = localDate(now, tz);
  const key = digestDayKey(date);
  const next = nextDigestDue(now, cron, tz);
  const result = (outcome: DigestOutcome, extra: Partial<DigestRunResult> = {}): DigestRunResult => ({
    date,
    outcome,
    nextAt: next,
    ...extra,
  });

  if (trigger === 'cron') {
    const due = digestDueAt(date, cron, tz);
    if (!due || now.getTime() < due.getTime()) return result('not_due');
  }
  const channel = digestChannel(deps);
  if (!channel || !deps.chat) {
    log.warn({ date }, 'digest: no digest channel or chat configured; nothing posted');
    return result('no_channel');
  }
  if (!opts.force && (await leases.lastCompleted(key))) return result('already_posted');
  if (!(await leases.acquire(DIGEST_LEASE, instanceId, LEASE_TTL_MS, now))) {
    return result('busy', { nextAt: new Date(now.getTime() + BUSY_RETRY_MS) });
  }
  try {
    // Re-read under the lease: another instance may have posted between our first look and now.
    if (!opts.force && (await leases.lastCompleted(key))) return result('already_posted');
    const model = await buildDigest(deps, now);
    const issues = digestIssues(model);
    if (config.digest.only_on_issues && issues.length === 0 && !opts.force) {
      await leases.markCompleted(key, clock.now());
      log.info({ date }, 'digest: all clear and only_on_issues is set; nothing posted');
      return result('no_issues', { issues });
    }
    const message = digestView(model);
    const posted = await deps.chat.post({ channel, text: message.text, blocks: message.blocks });
    await leases.markCompleted(key, clock.now());
    log.info({ date, channel: posted.channel, trigger, issues: issues.length }, 'digest posted');
    if (deps.charts)
      await attachDigestCharts({ ...deps, chat: deps.chat, charts: deps.charts }, model, posted);
    return result('posted', { channel: posted.channel, ts: posted.ts, issues });
  } catch (err) {
    log.error({ err, date, trigger }, 'digest failed; will retry');
    return result('failed', {
      error: errText(err),
      nextAt: new Date(now.getTime() + RETRY_MS),
    });
  } finally {
    await leases
      .release(DIGEST_LEASE, instanceId)
      .catch((err) => log.warn({ err }, 'digest lease release failed'));
  }
}

/**
 * The in-process schedule: `digest.cron` in the pipeline time zone wakes it, and each run also asks to be
 * woken at the next due instant (so a late or early cron tick around DST changes nothing). It runs once at
 * start-up: the catch-up after downtime.
 */
export function scheduleDigest(deps: DigestRunDeps & Pick<Deps, 'log'>): ScheduledJob {
  const job = scheduleJob({
    name: 'digest',
    cron: deps.config.digest.cron,
    timezone: deps.config.timezone,
    clock: deps.clock,
    log: deps.log,
    run: async () => (await runDailyDigest(deps, 'cron')).nextAt,
  });
  // The start-up run (catch-up) comes a moment later, after requests that waited for the bot.
  job.wakeAt(deps.clock.now());
  return job;
}

/** After the digest is posted: its charts in its thread. Never throws; a failure is logged and noted. */
async function attachDigestCharts(
  deps: Pick<Deps, 'config' | 'completions' | 'log' | 'processorRuns'> & {
    chat: Chat;
    charts: ChartRenderer;
  },
  model: DigestModel,
  posted: PostedMessage,
): Promise<void> {
  let error: string | undefined;
  try {
    // A chart whose data could not be read is named; the others are still attached.
    const { charts, missing } = await digestCharts(deps, model);
    const attachError = await attachCharts(
      deps.chat,
      deps.charts,
      { channel: posted.channel, threadTs: posted.ts },
      charts,
    );
    error = [...missing, ...(attachError ? [attachError] : [])].join('; ') || undefined;
  } catch (err) {
    error = errText(err);
  }
  if (!error) return;
  deps.log.warn({ error, date: model.today }, 'digest charts could not be attached');
  await deps.chat
    .post({
      channel: posted.channel,
      threadTs: posted.ts,
      text: digestChartsMissingText(error),
    })
    .catch((err) => deps.log.error({ err }, 'could not note the missing digest charts'));
}
