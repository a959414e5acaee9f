/**
 * Attempts that run nothing but are audited (SPEC §5): denied, refused, duplicate. Each is recorded as
 * a closed event — except a refused plan preview, which is not an attempt.
 */
import type { IsoDate } from '../pipeline/types.js';
import type { HealContext } from './context.js';
import type { HealEvent, HealSource } from './ports.js';
import type { HealDenial, HealOutcome } from './types.js';

export interface RefusalInput {
  transition: string;
  date: IsoDate;
  source: HealSource;
  requestedBy: string;
  now: Date;
  dryRun: boolean;
  /** Action and processor fields known at this point. */
  extra?: Partial<HealEvent>;
  /** For `denied`: who asked and who may (the views render it). */
  denial?: HealDenial;
}

/** A closed event that took no lock; its job fields are filled in by `extra` when known. */
export function closedEvent(
  ctx: HealContext,
  status: HealEvent['status'],
  reason: string,
  o: RefusalInput,
): HealEvent {
  return {
    heal_id: ctx.newId(),
    transition: o.transition,
    game_date: o.date,
    source: o.source,
    requested_by: o.requestedBy,
    status,
    reason,
    job_name: null,
    location: null,
    trigger_command: null,
    processors_complete: null,
    expected_processors: null,
    requested_at: o.now,
    finished_at: o.now,
    error: null,
    verified: null,
    action: null,
    action_ref: null,
    ...o.extra,
  };
}

/** Records a denied/refused/duplicate event (never for dry runs) and builds its outcome. */
export async function recordRefusal(
  ctx: HealContext,
  status: 'denied' | 'refused' | 'duplicate',
  reason: string,
  o: RefusalInput,
): Promise<HealOutcome> {
  const base: HealOutcome = {
    kind: status,
    ok: false,
    transition: o.transition,
    date: o.date,
    reason,
    dryRun: o.dryRun || undefined,
    ...(o.denial ? { denial: o.denial } : {}),
  };
  // A plan preview that would be refused is not an attempt — except a user who may not heal: every
  // unauthorized request is recorded, whatever the entry point (slash plan, button, App Home, CLI).
  if (o.dryRun && status !== 'denied') return base;
  const event = closedEvent(ctx, status, reason, o);
  try {
    await ctx.deps.healLog.record(event);
    ctx.outbox.kick();
    return { ...base, event };
  } catch (err) {
    ctx.deps.logger?.error({ err, status }, 'heal: could not record the refusal');
    return base;
  }
}
