/**
 * Once, and recorded before acting (SPEC §5): the lock and the `requested` event are written in one
 * transaction, under a deadline. A held lock gives a recorded `duplicate`; a store that does not
 * answer means no job ("no audit, no action").
 */
import { DeadlineError, withDeadline } from '../util/deadline.js';
import { errText } from '../util/error-text.js';
import { actionFields } from './action-plan.js';
import { type HealContext, MINUTE } from './context.js';
import type { BeginResult, HealEvent } from './ports.js';
import { recordRefusal } from './refusal.js';
import type { HealOutcome, HealPlan } from './types.js';

/**
 * Why 10 s: the Firestore client retries an unreachable backend for minutes; the user must hear "nothing
 * was run" long before that (Slack's response_url is fine, but nobody waits minutes on a button).
 */
const AUDIT_TIMEOUT_MS = 10_000;

/** The `requested` event of a heal about to run. */
export function requestedEvent(
  ctx: HealContext,
  plan: HealPlan,
  source: HealEvent['source'],
  requestedBy: string,
  now: Date,
): HealEvent {
  return {
    heal_id: ctx.newId(),
    transition: plan.transition,
    game_date: plan.date,
    source,
    requested_by: requestedBy,
    status: 'requested',
    reason:
      plan.force && plan.missing.length ? `forced with missing processors: ${plan.missing.join(', ')}` : null,
    ...actionFields(plan.action),
    processors_complete: plan.processors_complete,
    expected_processors: plan.expected_processors,
    requested_at: now,
    finished_at: null,
    error: null,
    verified: null,
    action_ref: null,
  };
}

/** Takes the lock and records `event`; an outcome when the heal must stop here (duplicate, unavailable). */
export async function audit(
  ctx: HealContext,
  event: HealEvent,
  plan: HealPlan,
): Promise<HealOutcome | undefined> {
  let begun: BeginResult;
  const beginning = ctx.deps.healLog.begin(event, ctx.config.heal.cooldown_minutes * MINUTE);
  try {
    const ms = ctx.deps.auditTimeoutMs ?? AUDIT_TIMEOUT_MS;
    begun = await withDeadline(
      beginning,
      ms,
      () => new DeadlineError(`the audit log did not answer within ${ms / 1000} s`),
    );
  } catch (err) {
    if (err instanceof DeadlineError) abandonLateBegin(ctx, beginning, event.heal_id);
    ctx.deps.logger?.error(
      { err, transition: plan.transition, date: plan.date },
      'heal: could not record the heal; not running the job',
    );
    return {
      kind: 'unavailable',
      ok: false,
      transition: plan.transition,
      date: plan.date,
      plan,
      unavailable: { step: 'record', where: 'the audit log', error: errText(err) },
    };
  }
  if (!begun.ok) return duplicate(ctx, begun, event, plan);
  ctx.outbox.kick();
  return undefined;
}

async function duplicate(
  ctx: HealContext,
  begun: Extract<BeginResult, { ok: false }>,
  event: HealEvent,
  plan: HealPlan,
): Promise<HealOutcome> {
  const holder = begun.holder;
  const by = holder?.requested_by ?? begun.lock.requested_by;
  const at = holder?.requested_at ?? begun.lock.requested_at;
  const state = holder ? ` (${holder.status === 'requested' ? 'in progress' : holder.status})` : '';
  // Recorded as plain text; the views render the holder with a mention.
  const reason = `already triggered by ${by} at ${ctx.fmt(at)}${state}`;
  const out = await recordRefusal(ctx, 'duplicate', reason, {
    transition: plan.transition,
    date: plan.date,
    source: event.source,
    requestedBy: event.requested_by,
    now: event.requested_at,
    dryRun: false,
    extra: {
      action: event.action,
      job_name: event.job_name,
      location: event.location,
      trigger_command: event.trigger_command,
      processors_complete: event.processors_complete,
      expected_processors: event.expected_processors,
    },
  });
  return {
    ...out,
    plan,
    holder: { heal_id: begun.lock.heal_id, requested_by: by, requested_at: at, status: holder?.status },
  };
}

/**
 * The audit write timed out and the user was told nothing ran. If it lands later anyway, close it as
 * failed and release the lock at once, so the run is not blocked for a cooldown by a heal that never ran.
 */
function abandonLateBegin(ctx: HealContext, beginning: Promise<BeginResult>, healId: string): void {
  beginning
    .then(async (r) => {
      if (!r.ok) return;
      await ctx.deps.healLog.finish(healId, {
        status: 'failed',
        finished_at: ctx.now(),
        error: 'abandoned: the audit log answered after the deadline; the job was not run',
        releaseLock: true,
        onlyIfStatus: 'requested',
      });
      ctx.outbox.kick();
    })
    .catch((err) =>
      ctx.deps.logger?.warn({ err, heal_id: healId }, 'heal: could not close a late audit write'),
    );
}
