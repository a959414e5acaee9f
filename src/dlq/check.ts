/**
 * The `dlq` check (SPEC §10): one result per configured dead-letter subscription, pure over the
 * store's tally of it (the waiting messages, the handled count, the latest arrival). Fails while a message waits to be handled, and for `quiet_minutes` after the
 * latest one arrived (so a burst stays one alert); ok — the alert resolves — after that.
 */
import type { Check, CheckResult, Fact } from '../checks/types.js';
import type { DlqStore, DlqTally } from './ports.js';
import type { DlqRecord, DlqSubscription } from './types.js';

/** Why 3: the parsed context of the latest few messages is what on-call reads; the rest is in `/pipeline dlq`. */
export const LATEST_SHOWN = 3;
/** Why 1000: a bound on the waiting records read per subscription per tick (handled ones are only counted). */
export const READ_LIMIT = 1000;

export interface DlqCheckOptions {
  subscriptions: DlqSubscription[];
  quietMinutes: number;
}

const iso = (d: Date) => d.toISOString();

function contextLine(r: DlqRecord): string {
  const parts = [r.game_date ?? 'no date', r.processor ?? 'unknown processor'];
  if (r.error) parts.push(r.error);
  return parts.join(' · ');
}

export function dlqResult(
  sub: DlqSubscription,
  { waiting, handled, last_recorded_at }: DlqTally,
  now: Date,
  quietMinutes: number,
): CheckResult {
  const quietUntil = (last_recorded_at?.getTime() ?? 0) + quietMinutes * 60_000;
  const firing = waiting.length > 0 || (last_recorded_at !== null && quietUntil > now.getTime());
  const byPublish = [...waiting].sort((a, b) => a.publish_time.getTime() - b.publish_time.getTime());
  const oldest = byPublish[0];
  const newest = byPublish[byPublish.length - 1];
  const attempts = Math.max(0, ...waiting.map((r) => r.delivery_attempt ?? 0));
  const facts: Fact[] = [
    { label: 'Subscription', value: `${sub.label} (${sub.subscription})` },
    { label: 'Messages', value: `${waiting.length} waiting, ${handled} handled` },
  ];
  if (oldest && newest) {
    facts.push({ label: 'Published', value: `${iso(oldest.publish_time)} … ${iso(newest.publish_time)}` });
  }
  if (attempts) facts.push({ label: 'Delivery attempts', value: String(attempts) });
  const latest = [...byPublish].reverse().slice(0, LATEST_SHOWN);
  if (latest.length) facts.push({ label: 'Latest', value: latest.map(contextLine).join('\n') });
  return {
    check: 'dlq',
    subject: sub.subscription,
    status: firing ? 'fail' : 'ok',
    summary: waiting.length
      ? `${waiting.length} dead-lettered message${waiting.length === 1 ? '' : 's'} on ${sub.label}: a processor did not run for ${[...new Set(waiting.map((r) => r.game_date ?? 'an unknown date'))].join(', ')}`
      : `${sub.label}: no dead-lettered message waiting`,
    details: {
      subscription: sub.subscription,
      source_topic: sub.source_topic,
      count: waiting.length,
      handled,
      oldest_publish_time: oldest ? iso(oldest.publish_time) : null,
      newest_publish_time: newest ? iso(newest.publish_time) : null,
      delivery_attempts: attempts || null,
      message_ids: waiting.map((r) => r.message_id),
      latest: latest.map((r) => ({
        message_id: r.message_id,
        game_date: r.game_date,
        processor: r.processor,
        error: r.error,
      })),
    },
    facts,
    next_due: firing && waiting.length === 0 ? new Date(quietUntil) : undefined,
  };
}

export function dlqCheck(store: Pick<DlqStore, 'tally'>, opts: DlqCheckOptions): Check {
  return {
    id: 'dlq',
    tier: 'fast',
    async run(ctx) {
      return Promise.all(
        opts.subscriptions.map(async (sub) =>
          dlqResult(sub, await store.tally(sub.subscription, READ_LIMIT), ctx.now, opts.quietMinutes),
        ),
      );
    },
  };
}
