/**
 * Act, then record what happened (SPEC §5): the heal action (Scheduler job, Pub/Sub message or HTTP call),
 * then `triggered` with its reference — or `failed` with the lock released so a retry works (kept when the
 * call may have started the phase anyway).
 */
import { errText } from '../util/error-text.js';
import { type HealContext, MINUTE } from './context.js';
import { HealActionError, type HealEvent, type HealOutcomePatch, HealStateConflict } from './ports.js';
import type { HealOutcome, HealPlan } from './types.js';

/** Why: a lost answer from Firestore after the job ran must not leave the event `requested`. */
const FINISH_ATTEMPTS = 3;

async function finishWithRetry(
  ctx: HealContext,
  healId: string,
  patch: HealOutcomePatch,
): Promise<HealEvent> {
  let last: unknown;
  for (let i = 0; i < FINISH_ATTEMPTS; i++) {
    try {
      return await ctx.deps.healLog.finish(healId, patch);
    } catch (err) {
      last = err;
      if (err instanceof HealStateConflict) throw err;
      await new Promise((r) => setTimeout(r, 50 * 2 ** i));
    }
  }
  throw last;
}

/** Runs the action of an audited heal and records its outcome. */
export async function runAudited(ctx: HealContext, event: HealEvent, plan: HealPlan): Promise<HealOutcome> {
  let ref: string | null;
  try {
    const starter = ctx.deps.actions[plan.action.kind];
    if (!starter) {
      throw new HealActionError(`this bot has no ${plan.action.kind} heal action configured`, false);
    }
    ({ ref } = await starter.start({
      transition: plan.transition,
      date: plan.date,
      project: ctx.project,
      action: plan.action,
    }));
  } catch (err) {
    return jobFailed(ctx, event, plan, err);
  }
  return jobTriggered(ctx, event, plan, ref);
}

async function jobFailed(
  ctx: HealContext,
  event: HealEvent,
  plan: HealPlan,
  err: unknown,
): Promise<HealOutcome> {
  const ambiguous = err instanceof HealActionError ? err.ambiguous : false;
  const status = err instanceof HealActionError ? err.httpStatus : undefined;
  const error = errText(err);
  const actionRef = status === undefined ? null : String(status);
  let failed: HealEvent | undefined;
  try {
    failed = await finishWithRetry(ctx, event.heal_id, {
      status: 'failed',
      finished_at: ctx.now(),
      error,
      action_ref: actionRef,
      releaseLock: !ambiguous,
    });
  } catch (recordErr) {
    ctx.deps.logger?.error({ err: recordErr, heal_id: event.heal_id }, 'heal: could not record the failure');
  }
  ctx.outbox.kick();
  return {
    kind: 'failed',
    ok: false,
    transition: plan.transition,
    date: plan.date,
    plan,
    event: failed ?? { ...event, status: 'failed', error, finished_at: ctx.now(), action_ref: actionRef },
    unrecorded: !failed,
    failure: { error, ambiguous, cooldownMinutes: ctx.config.heal.cooldown_minutes },
  };
}

async function jobTriggered(
  ctx: HealContext,
  event: HealEvent,
  plan: HealPlan,
  ref: string | null,
): Promise<HealOutcome> {
  let done: HealEvent = { ...event, status: 'triggered', finished_at: ctx.now(), action_ref: ref };
  let unrecorded = false;
  try {
    done = await finishWithRetry(ctx, event.heal_id, {
      status: 'triggered',
      finished_at: done.finished_at!,
      action_ref: ref,
    });
  } catch (err) {
    ctx.deps.logger?.error(
      { err, heal_id: event.heal_id },
      'heal: the action ran but the outcome could not be recorded',
    );
    unrecorded = true;
  }
  ctx.outbox.kick();
  const verifyAt = plan.next
    ? new Date(done.finished_at!.getTime() + ctx.config.heal.verify_minutes * MINUTE)
    : undefined;
  return {
    kind: 'triggered',
    ok: true,
    transition: plan.transition,
    date: plan.date,
    plan,
    event: done,
    verifyAt,
    unrecorded,
  };
}
