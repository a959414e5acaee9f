/**
 * Did the next phase start after a heal? `started` as soon as the next document has a processor that
 * completed after the heal (or is triggered); `not_started` once `verify_minutes` have passed without
 * that; `pending` before. The verdict is recorded on the event (once).
 */
import type { Transition } from '../pipeline/types.js';
import { type HealContext, MINUTE } from './context.js';
import { nextDocDate } from './plan.js';
import type { HealEvent } from './ports.js';
import type { VerifyOutcome } from './types.js';

/** Why two days: a heal older than that is history; its next phase has long started or been handled. */
const VERIFY_LOOKBACK_MS = 2 * 24 * 60 * MINUTE;

type Verdict = 'started' | 'not_started';

const windowEnd = (ctx: HealContext, e: HealEvent): Date =>
  new Date((e.finished_at ?? e.requested_at).getTime() + ctx.config.heal.verify_minutes * MINUTE);

function nextOf(ctx: HealContext, event: HealEvent): { t: Transition; next: Transition } | undefined {
  const t = ctx.config.transitions.find((x) => x.id === event.transition);
  const next = t?.next ? ctx.config.transitions.find((x) => x.id === t.next) : undefined;
  return t && next ? { t, next } : undefined;
}

export async function verifyHeal(ctx: HealContext, healId: string): Promise<VerifyOutcome> {
  const event = await ctx.deps.healLog.get(healId);
  if (!event) return { kind: 'skipped', heal_id: healId, skipped: 'unknown' };
  const skipped = (why: 'not_triggered' | 'no_next'): VerifyOutcome => ({
    kind: 'skipped',
    heal_id: healId,
    event,
    skipped: why,
  });
  if (event.status !== 'triggered') return skipped('not_triggered');
  const pair = nextOf(ctx, event);
  if (!pair) return skipped('no_next');
  const { t, next } = pair;
  const nextDate = nextDocDate(t, next, event.game_date);
  const where = `${next.collection}/${nextDate}`;
  const base = { heal_id: healId, where, next: next.id, windowMinutes: ctx.config.heal.verify_minutes };
  if (event.verified) return { ...base, kind: event.verified, event };
  const [doc] = await ctx.deps.completions.getMany([{ collection: next.collection, date: nextDate }]);
  const since = event.requested_at.getTime();
  const fresh = Object.values(doc!.processors).filter(
    (p) => !p.completedAt || p.completedAt.getTime() >= since,
  );
  const now = ctx.now();
  const dueAt = windowEnd(ctx, event);
  const started = doc!.triggered || fresh.length > 0;
  if (!started && now.getTime() < dueAt.getTime()) return { ...base, kind: 'pending', event, dueAt };
  const verdict: Verdict = started ? 'started' : 'not_started';
  const updated = (await ctx.deps.healLog.setVerified(healId, verdict, now)) ?? {
    ...event,
    verified: verdict,
  };
  ctx.outbox.kick();
  const seen = {
    reported: fresh.length,
    expected: next.expected_processors.length,
    triggered: doc!.triggered,
  };
  return { ...base, kind: verdict, event: updated, seen };
}

/** Triggered heals of the last two days with a next phase to watch and no verdict yet. */
export async function unverified(ctx: HealContext): Promise<HealEvent[]> {
  const since = new Date(ctx.now().getTime() - VERIFY_LOOKBACK_MS);
  const withNext = new Set(ctx.config.transitions.filter((t) => t.next).map((t) => t.id));
  return (await ctx.deps.healLog.list({ since, limit: 1000 })).filter(
    (e) => e.status === 'triggered' && e.verified === null && withNext.has(e.transition),
  );
}

/** Triggered heals whose verification window has ended without a verdict (for the scheduler tick). */
export async function pendingVerifications(ctx: HealContext): Promise<HealEvent[]> {
  const now = ctx.now().getTime();
  return (await unverified(ctx)).filter((e) => windowEnd(ctx, e).getTime() <= now);
}

/** When the next verification falls due (so a scheduler can wake then), if any. */
export async function nextVerificationAt(ctx: HealContext): Promise<Date | undefined> {
  const times = (await unverified(ctx)).map((e) => windowEnd(ctx, e).getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}
