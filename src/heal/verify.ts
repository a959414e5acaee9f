/**
 * Did the next phase start after a heal? `started` as soon as the next document has a processor that
 * completed after the heal (or is triggered); `not_started` once `verify_minutes` have passed without
 * that; `pending` before. The verdict is recorded on the event (once).
 */
import type { Transition } from '../pipeline/types.js';
import { noEffectText } from './action-text.js';
import { type HealContext, MINUTE } from './context.js';
import { nextDocDate } from './plan.js';
import type { HealEvent } from './ports.js';
import type { VerifyOutcome } from './types.js';

/** Why two days: a heal older than that is history; its next phase has long started or been handled. */
const VERIFY_LOOKBACK_MS = 2 * 24 * 60 * MINUTE;

type Verdict = 'started' | 'not_started';
interface Seen {
  reported: number;
  expected: number;
  triggered: boolean;
}

function verifyMessage(ctx: HealContext, e: HealEvent, verdict: Verdict, where: string, seen?: Seen): string {
  if (verdict === 'started') {
    const progress = seen
      ? ` (${seen.triggered ? 'triggered' : `${seen.reported}/${seen.expected} processors reported`})`
      : '';
    return `Verified: the next phase started after the heal of ${e.transition} ${e.game_date}: ${where}${progress}.`;
  }
  return `Not verified: ${ctx.config.heal.verify_minutes} min after the heal of ${e.transition} ${e.game_date}, ${where} shows no new processor. ${noEffectText(e)}: check its logs and the next phase's trigger.`;
}

const windowEnd = (ctx: HealContext, e: HealEvent): Date =>
  new Date((e.finished_at ?? e.requested_at).getTime() + ctx.config.heal.verify_minutes * MINUTE);

function nextOf(ctx: HealContext, event: HealEvent): { t: Transition; next: Transition } | undefined {
  const t = ctx.config.transitions.find((x) => x.id === event.transition);
  const next = t?.next ? ctx.config.transitions.find((x) => x.id === t.next) : undefined;
  return t && next ? { t, next } : undefined;
}

export async function verifyHeal(ctx: HealContext, healId: string): Promise<VerifyOutcome> {
  const event = await ctx.deps.healLog.get(healId);
  if (!event) return { kind: 'skipped', heal_id: healId, message: `No heal ${healId}.` };
  const skipped = (message: string): VerifyOutcome => ({ kind: 'skipped', heal_id: healId, event, message });
  if (event.status !== 'triggered') return skipped(`Heal ${healId} is ${event.status}; nothing to verify.`);
  const pair = nextOf(ctx, event);
  if (!pair) return skipped(`${event.transition} has no next transition to watch.`);
  const { t, next } = pair;
  const nextDate = nextDocDate(t, next, event.game_date);
  const where = `${next.collection}/${nextDate}`;
  if (event.verified) {
    const message = verifyMessage(ctx, event, event.verified, where);
    return { kind: event.verified, heal_id: healId, event, message };
  }
  const [doc] = await ctx.deps.completions.getMany([{ collection: next.collection, date: nextDate }]);
  const since = event.requested_at.getTime();
  const fresh = Object.values(doc!.processors).filter(
    (p) => !p.completedAt || p.completedAt.getTime() >= since,
  );
  const now = ctx.now();
  const dueAt = windowEnd(ctx, event);
  const started = doc!.triggered || fresh.length > 0;
  if (!started && now.getTime() < dueAt.getTime()) {
    const message = `Waiting until ${ctx.fmt(dueAt)} for ${next.id} to start (${where}).`;
    return { kind: 'pending', heal_id: healId, event, dueAt, message };
  }
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
  return {
    kind: verdict,
    heal_id: healId,
    event: updated,
    message: verifyMessage(ctx, updated, verdict, where, seen),
  };
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
