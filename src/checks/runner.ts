/**
 * Runs checks so that one check's failure never hides the others: a check that throws (or whose
 * backend is unreachable) becomes a `check_health` result with `status: error` — never silence.
 */
import { loadSnapshot, type Snapshot } from '../pipeline/snapshot.js';
import { errText } from '../util/error-text.js';
import type { Check, CheckDeps, CheckResult, CheckTier } from './types.js';

export interface RunOptions {
  tiers?: CheckTier[];
}

export async function runChecks(
  checks: Check[],
  deps: CheckDeps,
  opts: RunOptions = {},
): Promise<CheckResult[]> {
  const now = deps.clock.now();
  let snapshot: Promise<Snapshot> | undefined;
  const ctx = {
    config: deps.config,
    now,
    warehouse: deps.warehouse,
    snapshot: () => {
      snapshot ??= loadSnapshot(deps, now);
      return snapshot;
    },
  };
  const selected = checks.filter(
    (c) => (!opts.tiers || opts.tiers.includes(c.tier)) && (c.tier !== 'warehouse' || deps.warehouse),
  );
  const perCheck = await Promise.all(
    selected.map(async (check): Promise<CheckResult[]> => {
      try {
        const results = await check.run(ctx);
        return [...results, healthResult(check.id, 'ok', `${check.id} ran`, {})];
      } catch (err) {
        const message = errText(err);
        return [
          healthResult(check.id, 'error', `The ${check.id} check could not run: ${message}`, {
            error: message,
            code: (err as { code?: unknown })?.code ?? null,
          }),
        ];
      }
    }),
  );
  return perCheck.flat();
}

function healthResult(
  checkId: string,
  status: 'ok' | 'error',
  summary: string,
  details: Record<string, unknown>,
): CheckResult {
  return {
    check: 'check_health',
    subject: checkId,
    status,
    summary,
    details,
    facts: [
      { label: 'Check', value: checkId },
      ...(status === 'error' ? [{ label: 'Error', value: String(details.error) }] : []),
    ],
  };
}

/** The earliest `next_due` among results, so a scheduler can wake exactly when a verdict may change. */
export function earliestDue(results: CheckResult[], after: Date): Date | undefined {
  let best: Date | undefined;
  for (const r of results) {
    if (r.next_due && r.next_due.getTime() > after.getTime() && (!best || r.next_due < best))
      best = r.next_due;
  }
  return best;
}

/** Exit code of `pipeline-bot check`: 0 all ok, 1 something fires, 2 a check could not run. */
export function exitCodeFor(results: CheckResult[]): 0 | 1 | 2 {
  if (results.some((r) => r.status === 'error')) return 2;
  if (results.some((r) => r.status === 'fail' || r.status === 'warn')) return 1;
  return 0;
}
