/**
 * Crash recovery: a `requested` event older than the stale window means the process stopped between
 * recording the heal and recording the job's outcome. Each is reported once (marked `failed` by
 * whichever instance gets there first); its lock is kept until the cooldown ends: the job may have run.
 */
import { type HealContext, MINUTE } from './context.js';
import { HealStateConflict } from './ports.js';
import type { StaleHeal } from './types.js';

/** Why 2 min: a job call takes seconds; an event `requested` for minutes has lost its process. */
const STALE_AFTER_MS = 2 * MINUTE;

export async function reportStale(ctx: HealContext): Promise<StaleHeal[]> {
  const now = ctx.now();
  const staleMs = ctx.deps.staleAfterMs ?? STALE_AFTER_MS;
  const stale = (await ctx.deps.healLog.inStatus('requested', 200)).filter(
    (e) => now.getTime() - e.requested_at.getTime() >= staleMs,
  );
  const out: StaleHeal[] = [];
  for (const e of stale) {
    const error = `interrupted: the bot stopped after recording the heal at ${e.requested_at.toISOString()} and before recording the action's outcome; it may or may not have run`;
    try {
      const failed = await ctx.deps.healLog.finish(e.heal_id, {
        status: 'failed',
        finished_at: now,
        error,
        onlyIfStatus: 'requested',
      });
      out.push({ event: failed });
    } catch (err) {
      if (!(err instanceof HealStateConflict)) throw err;
    }
  }
  if (out.length) ctx.outbox.kick();
  return out;
}
