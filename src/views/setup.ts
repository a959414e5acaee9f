/** The `pipeline-bot setup` plan as terminal lines, like `terraform plan`. Pure. */
import type { Action, PlanItem } from '../setup/plan.js';

/** Why: `terraform plan`'s marks (+ create, ~ update), plus = unchanged and ! for a conflict to fix by hand. */
const MARK: Record<Action, string> = { create: '+', update: '~', unchanged: '=', conflict: '!' };

export function planLines(items: PlanItem[]): string[] {
  const lines = items.flatMap((i) => [
    `  ${MARK[i.action]} ${i.kind} ${i.id}: ${i.action}`,
    ...i.details.map((d) => `      ${d}`),
  ]);
  const count = (a: Action) => items.filter((i) => i.action === a).length;
  const totals = `Plan: ${count('create')} to create, ${count('update')} to update, ${count('unchanged')} unchanged${
    count('conflict') ? `, ${count('conflict')} conflict(s) to fix by hand` : ''
  }.`;
  return [...lines, '', totals];
}
