/**
 * Check history (SPEC §8): every run becomes one `validation_runs` row and one `validation_results` row
 * per result, so "what breaks most often?" can be answered later.
 */
import { randomUUID } from 'node:crypto';
import type { FailingCheckStat, ValidationResultRow, ValidationRun, Warehouse } from '../warehouse/ports.js';
import type { CheckResult, CheckStatus } from './types.js';

/** Why ranked: a run's status is its worst result's (error over fail over warn over ok). */
const RANK: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2, error: 3 };

export function historyRows(
  results: CheckResult[],
  run: { runId?: string; startedAt: Date; finishedAt: Date; trigger: string },
): { run: ValidationRun; results: ValidationResultRow[] } {
  const runId = run.runId ?? randomUUID();
  const checks = new Set<string>();
  const failed = new Set<string>();
  let status: CheckStatus = 'ok';
  for (const r of results) {
    const id = r.check === 'check_health' ? r.subject : r.check;
    checks.add(id);
    if (r.status === 'fail' || r.status === 'error') failed.add(id);
    if (RANK[r.status] > RANK[status]) status = r.status;
  }
  return {
    run: {
      runId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      trigger: run.trigger,
      status,
      checksRun: checks.size,
      checksFailed: failed.size,
    },
    results: results.map((r) => ({
      runId,
      check: r.check,
      subject: r.subject,
      status: r.status,
      summary: r.summary,
      details: r.details,
      observedAt: run.finishedAt,
    })),
  };
}

/** The checks that failed most often over the last `days` days (for `history`), days counted in `tz`. */
export function failingChecksSince(
  warehouse: Warehouse,
  now: Date,
  tz: string,
  days = 30,
  limit = 10,
): Promise<FailingCheckStat[]> {
  return warehouse.failingChecks(new Date(now.getTime() - days * 86_400_000), limit, tz);
}
