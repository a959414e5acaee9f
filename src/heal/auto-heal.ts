/**
 * Auto-heal (`heal.auto` / `AUTO_HEAL`): heals `stuck` runs only, at most once per transition+date
 * (any earlier auto attempt for the run, whatever its outcome, stops another).
 */
import type { CheckResult } from '../checks/types.js';
import type { HealContext } from './context.js';
import type { HealEvent } from './ports.js';
import type { HealOutcome, HealRequest } from './types.js';

/** Why: auto heals are recorded as requested by the bot itself. */
const BOT_USER = 'pipeline-bot';

export async function maybeAutoHeal(
  ctx: HealContext,
  heal: (req: HealRequest) => Promise<HealOutcome>,
  results: CheckResult[],
): Promise<HealOutcome[]> {
  if (!ctx.config.heal.auto) return [];
  const out: HealOutcome[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    if (r.check !== 'stuck' || r.status !== 'fail' || !r.transition || !r.date) continue;
    const key = `${r.transition}:${r.date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const t = ctx.config.transitions.find((x) => x.id === r.transition);
    if (!t?.heal) continue;
    let prior: HealEvent[];
    try {
      prior = await ctx.deps.healLog.forRun(t.id, r.date);
    } catch (err) {
      ctx.deps.logger?.warn({ err, run: key }, 'auto-heal: could not read the heal log; skipping');
      continue;
    }
    if (prior.some((e) => e.source === 'auto')) continue;
    out.push(await heal({ transition: t.id, date: r.date, source: 'auto', requestedBy: BOT_USER }));
  }
  return out;
}
