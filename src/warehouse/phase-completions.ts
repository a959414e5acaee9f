/**
 * Which `phase_completions` row is "the latest" for a (game_date, phase), the rule every adapter's query
 * and the reconcile check follow, so the answer never depends on storage order:
 * 1. a row with NULL `updated_at` never wins (it is not considered at all);
 * 2. later `updated_at` first;
 * 3. on a tie: `is_triggered` true, then false, then NULL (unknown); then the higher
 *    `completed_processor_count` (NULL last); then `trigger_reason` in text order (NULL last).
 */
import type { PhaseCompletionRow } from './ports.js';

const triggeredRank = (v: boolean | null) => (v === true ? 0 : v === false ? 1 : 2);
const nullsLast = <T>(a: T | undefined, b: T | undefined, order: (x: T, y: T) => number) =>
  a === undefined ? (b === undefined ? 0 : 1) : b === undefined ? -1 : order(a, b);

/** Sort order: the row that wins first. */
export function compareCompletions(a: PhaseCompletionRow, b: PhaseCompletionRow): number {
  return (
    nullsLast(a.updatedAt, b.updatedAt, (x, y) => y.getTime() - x.getTime()) ||
    triggeredRank(a.isTriggered) - triggeredRank(b.isTriggered) ||
    nullsLast(a.completedProcessorCount, b.completedProcessorCount, (x, y) => y - x) ||
    nullsLast(a.triggerReason, b.triggerReason, (x, y) => (x < y ? -1 : x > y ? 1 : 0))
  );
}

/** The winning row among `rows` (already of one date), or undefined when none has an `updated_at`. */
export function latestCompletion(rows: PhaseCompletionRow[]): PhaseCompletionRow | undefined {
  return rows.filter((r) => r.updatedAt).sort(compareCompletions)[0];
}
