/**
 * What a heal would do, without side effects: the action (filled for the date), the processors in and
 * missing, and why it would not run now (already triggered, a Scheduler job asked for another date than
 * its own, or incomplete without --force). Dry runs stop at the plan.
 */
import { findTransition } from '../config.js';
import { addDays, localDate } from '../pipeline/dates.js';
import type { CompletionDoc, IsoDate, Transition } from '../pipeline/types.js';
import { actionCommand, actionPlan } from './action-plan.js';
import type { HealContext } from './context.js';
import type { HealLock } from './ports.js';
import type { HealOutcome, HealPlan } from './types.js';

/** The next transition's document date for date D (SPEC §7). */
export function nextDocDate(t: Transition, next: Transition, date: IsoDate): IsoDate {
  return addDays(date, next.date_offset_days - t.date_offset_days);
}

function blockersOf(
  ctx: HealContext,
  t: Transition,
  date: IsoDate,
  doc: CompletionDoc,
  missing: string[],
  force: boolean,
): string[] {
  if (doc.triggered) {
    const when = doc.triggeredAt ? ` at ${ctx.fmt(doc.triggeredAt)}` : '';
    const why = doc.triggerReason ? ` (${doc.triggerReason})` : '';
    return [
      `${t.id} ${date} is already triggered${when}${why}; the next phase was started, nothing to heal.`,
    ];
  }
  // A Cloud Scheduler job processes its own current date: healing any other date with it would run the
  // wrong date while saying it healed this one. Not overridable (--force is about missing processors).
  // Pub/Sub and HTTP actions carry the date, so any date may be healed with them.
  const heal = t.heal!;
  const jobDate = addDays(localDate(ctx.now(), ctx.config.timezone), t.date_offset_days);
  if (heal.action === 'scheduler_job' && date !== jobDate) {
    return [
      `The heal of ${t.id} runs Cloud Scheduler job \`${heal.job}\`, which processes only its own date (${jobDate}); it cannot heal ${date}. Heal ${date} by hand (publish its trigger message), or configure a date-specific heal action (\`transitions.${t.id}.heal.action: pubsub\` or \`http\`).`,
    ];
  }
  if (missing.length && !force) {
    return [
      `${missing.length} of ${t.expected_processors.length} expected processors have not completed for ${t.id} ${date}: ${missing.join(', ')}. Healing now would start the next phase on incomplete data; use --force to heal anyway.`,
    ];
  }
  return [];
}

/** The plan of healing `t` for `date`, given its completion document as just read. */
export function buildPlan(
  ctx: HealContext,
  t: Transition,
  date: IsoDate,
  doc: CompletionDoc,
  force: boolean,
): HealPlan {
  const action = actionPlan(t.heal!, ctx.project, date);
  const complete = t.expected_processors.filter((p) => p in doc.processors);
  const missing = t.expected_processors.filter((p) => !(p in doc.processors));
  const next = t.next ? ctx.config.transitions.find((x) => x.id === t.next) : undefined;
  return {
    transition: t.id,
    date,
    label: t.heal!.label,
    project: ctx.project,
    action,
    trigger_command: actionCommand(action),
    collection: t.collection,
    processors_complete: complete.length,
    expected_processors: t.expected_processors.length,
    missing,
    triggered: doc.triggered,
    force,
    blockers: blockersOf(ctx, t, date, doc, missing, force),
    next: next
      ? { transition: next.id, collection: next.collection, date: nextDocDate(t, next, date) }
      : undefined,
  };
}

/** The plan for a target as the user typed it (no date: the transition's current date). */
export async function planFor(
  ctx: HealContext,
  target: string,
  date?: string,
  force = false,
): Promise<HealPlan | undefined> {
  const t = findTransition(ctx.config, target);
  if (!t?.heal) return undefined;
  const d = date ?? addDays(localDate(ctx.now(), ctx.config.timezone), t.date_offset_days);
  const [doc] = await ctx.deps.completions.getMany([{ collection: t.collection, date: d }]);
  return buildPlan(ctx, t, d, doc!, force);
}

/** A dry run that passed every check: the plan, and whether a live lock would refuse it now. */
export async function dryRunOutcome(ctx: HealContext, plan: HealPlan, now: Date): Promise<HealOutcome> {
  let lock: HealLock | undefined;
  try {
    lock = await ctx.deps.healLog.currentLock(plan.transition, plan.date, now);
  } catch (err) {
    ctx.deps.logger?.warn({ err }, 'heal dry run: could not read the lock');
  }
  return {
    kind: 'dry_run',
    ok: !lock,
    transition: plan.transition,
    date: plan.date,
    plan,
    dryRun: true,
    lock,
  };
}
