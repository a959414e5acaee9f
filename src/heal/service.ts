/**
 * The heal (SPEC §5), Slack-free: it talks to ports and the clock only and returns outcomes as data
 * (`src/views/heal-outcome.ts` renders them). Entry points (button, `/pipeline heal`, CLI, auto-heal) all call `heal()`.
 *
 * `heal()` reads as its steps: the target → who (denied is recorded) → a fresh read and the plan
 * (refused is recorded) → [a dry run stops here] → once, recorded before acting (lock + `requested`
 * event in one transaction) → act (`triggered`, or `failed` with the lock released). Every event
 * reaches BigQuery through the outbox. Each step lives in its own file next to this one.
 */
import type { CompletionDoc } from '../pipeline/types.js';
import { errText } from '../util/error-text.js';
import { actionFields, actionPlan } from './action-plan.js';
import { audit, requestedEvent } from './audit.js';
import { type Finding, maybeAutoHeal } from './auto-heal.js';
import { HealContext, MINUTE } from './context.js';
import { denialReason, HealPermission } from './permission.js';
import { buildPlan, dryRunOutcome, planFor } from './plan.js';
import type { HealEvent } from './ports.js';
import { reportStale } from './recovery.js';
import { type RefusalInput, recordRefusal } from './refusal.js';
import { runAudited } from './run.js';
import { resolveTarget } from './target.js';
import type {
  FlushResult,
  HealOutcome,
  HealPlan,
  HealRequest,
  HealServiceDeps,
  StaleHeal,
  VerifyOutcome,
} from './types.js';
import { nextVerificationAt, pendingVerifications, verifyHeal } from './verify.js';

export { actionCommand, triggerCommand } from './action-plan.js';
export { nextDocDate } from './plan.js';
export type * from './types.js';

export class HealService {
  private readonly ctx: HealContext;
  private readonly permission: HealPermission;

  constructor(deps: HealServiceDeps) {
    this.ctx = new HealContext(deps);
    this.permission = new HealPermission(deps.config, deps.clock, deps.chat, deps.usergroupCacheMs);
  }

  async heal(req: HealRequest): Promise<HealOutcome> {
    const ctx = this.ctx;
    const now = ctx.now();
    const who = { source: req.source, requestedBy: String(req.requestedBy || 'unknown').slice(0, 128) };
    const base = { ...who, now, dryRun: !!req.dryRun };
    // 1. Which run
    const target = resolveTarget(ctx.config, req, now);
    if (!target.ok) {
      return recordRefusal(ctx, 'refused', target.reason, {
        ...base,
        transition: target.transition,
        date: target.date,
      });
    }
    const { transition: t, date } = target;
    const at = { ...base, transition: t.id, date };
    if (!t.heal)
      return recordRefusal(
        ctx,
        'refused',
        `${t.id} has no heal action configured (transitions.${t.id}.heal).`,
        at,
      );
    const jobFields = actionFields(actionPlan(t.heal, ctx.project, date));
    // 2. Who
    const permission = await this.permission.check(who.source, who.requestedBy);
    if (!permission.ok) {
      const reason = denialReason(permission.denial);
      return recordRefusal(ctx, 'denied', reason, { ...at, extra: jobFields, denial: permission.denial });
    }
    // 3. Fresh state and the plan
    let doc: CompletionDoc;
    try {
      [doc] = (await ctx.deps.completions.getMany([{ collection: t.collection, date }])) as [CompletionDoc];
    } catch (err) {
      const unavailable = { step: 'read' as const, where: `${t.collection}/${date}`, error: errText(err) };
      return { kind: 'unavailable', ok: false, transition: t.id, date, unavailable };
    }
    const plan = buildPlan(ctx, t, date, doc, !!req.force);
    if (plan.blockers.length) return this.blocked(plan, { ...at, extra: jobFields });
    if (req.dryRun) return dryRunOutcome(ctx, plan, now);
    // 4. Once, and recorded before acting
    const event = requestedEvent(ctx, plan, who.source, who.requestedBy, now);
    const stopped = await audit(ctx, event, plan);
    if (stopped) return stopped;
    // 5. Act, and record the outcome
    return runAudited(ctx, event, plan);
  }

  private async blocked(plan: HealPlan, input: RefusalInput): Promise<HealOutcome> {
    const counts = {
      processors_complete: plan.processors_complete,
      expected_processors: plan.expected_processors,
    };
    const extra = { ...input.extra, ...counts };
    return {
      ...(await recordRefusal(this.ctx, 'refused', plan.blockers.join(' '), { ...input, extra })),
      plan,
    };
  }

  /** The plan of a heal without any side effect (the dry run's model). */
  plan(target: string, date?: string, force = false): Promise<HealPlan | undefined> {
    return planFor(this.ctx, target, date, force);
  }

  /** Whether a Slack user may heal (to show or hide heal buttons; every heal re-checks anyway). */
  async canHeal(user: string): Promise<boolean> {
    return (await this.permission.check('button', user)).ok;
  }

  /** Sends every pending outbox row to BigQuery; coalesced (at most one runs, at most one waits). */
  flushOutbox(): Promise<FlushResult> {
    return this.ctx.outbox.flush();
  }

  /** Resolves when no flush is running or queued (tests, shutdown). */
  settled(): Promise<void> {
    return this.ctx.outbox.settled();
  }

  verifyHeal(healId: string): Promise<VerifyOutcome> {
    return verifyHeal(this.ctx, healId);
  }

  pendingVerifications(): Promise<HealEvent[]> {
    return pendingVerifications(this.ctx);
  }

  nextVerificationAt(): Promise<Date | undefined> {
    return nextVerificationAt(this.ctx);
  }

  /** Runs `verifyHeal` on every heal whose window has ended. */
  async verifyDue(): Promise<VerifyOutcome[]> {
    const out: VerifyOutcome[] = [];
    for (const e of await this.pendingVerifications()) out.push(await this.verifyHeal(e.heal_id));
    return out;
  }

  reportStale(): Promise<StaleHeal[]> {
    return reportStale(this.ctx);
  }

  maybeAutoHeal(results: readonly Finding[]): Promise<HealOutcome[]> {
    return maybeAutoHeal(this.ctx, (req) => this.heal(req), results);
  }

  /** Heal events of the last `days` days, newest first (for `history`). */
  recent(days = 7, transition?: string): Promise<HealEvent[]> {
    const since = new Date(this.ctx.now().getTime() - days * 24 * 60 * MINUTE);
    return this.ctx.deps.healLog.list({ since, transition });
  }
}
