/**
 * Runs checks by tier on their own cadence: fast (Firestore) checks on every run, warehouse (BigQuery)
 * checks (and `external` ones: Cloud Run, GitHub) only when `checks.warehouse_cron` has fired since their last run. Between warehouse runs their
 * last results are repeated, so every run reports every check and no alert resolves by omission.
 * Each run's fresh results are written to the check history; a failed write is a `check_health` error.
 */
import type { Logger } from '../log.js';
import { errText } from '../util/error-text.js';
import { withTimeout } from '../warehouse/timeout.js';
import { cronMatcher } from './cron-match.js';
import { historyRows } from './history.js';
import { runChecks } from './runner.js';
import type { Check, CheckDeps, CheckResult, CheckTier } from './types.js';

/** Why bounded: a slow history write must not delay alerts. */
const HISTORY_TIMEOUT_MS = 10_000;

export type Trigger = 'cron' | 'task' | 'cli';

/** One run of the checks due for `trigger`; `record: false` skips the history write. */
export type CheckRun = (trigger: Trigger, opts?: { record?: boolean }) => Promise<CheckResult[]>;

export function tieredRunner(checks: Check[], deps: CheckDeps, log: Logger): CheckRun {
  const { config, clock } = deps;
  const cron = cronMatcher(config.checks.warehouse_cron, config.timezone);
  const tierOf = new Map<string, CheckTier>(checks.map((c) => [c.id, c.tier]));
  const resultTier = (r: CheckResult) => tierOf.get(r.check === 'check_health' ? r.subject : r.check);
  let lastWarehouseRun: Date | undefined;
  let lastWarehouse: CheckResult[] = [];

  return async function run(trigger: Trigger, opts: { record?: boolean } = {}): Promise<CheckResult[]> {
    const startedAt = clock.now();
    const due = trigger === 'cli' || !lastWarehouseRun || cron.firedBetween(lastWarehouseRun, startedAt);
    const fresh = await runChecks(checks, deps, due ? {} : { tiers: ['fast'] });
    if (due) {
      lastWarehouseRun = startedAt;
      lastWarehouse = fresh.filter((r) => resultTier(r) !== 'fast');
    }
    // A run outside the lease (another instance records this tick) answers without writing history twice.
    const health = opts.record === false ? [] : await recordHistory(deps, log, fresh, startedAt, trigger);
    return [...fresh, ...(due ? [] : lastWarehouse), ...health];
  };
}

/** Writes the run's history (bounded); its own `check_health` result says whether that worked. */
async function recordHistory(
  deps: CheckDeps,
  log: Logger,
  results: CheckResult[],
  startedAt: Date,
  trigger: Trigger,
): Promise<CheckResult[]> {
  const warehouse = deps.warehouse;
  if (!warehouse) return [];
  const rows = historyRows(results, { startedAt, finishedAt: deps.clock.now(), trigger });
  try {
    await withTimeout(warehouse.recordRun(rows.run, rows.results), HISTORY_TIMEOUT_MS, 'check history write');
    return [
      {
        check: 'check_health',
        subject: 'history',
        status: 'ok',
        summary: 'check history written',
        details: { run_id: rows.run.runId },
        facts: [{ label: 'Check', value: 'history' }],
      },
    ];
  } catch (err) {
    const message = errText(err);
    log.error({ err, runId: rows.run.runId }, 'could not write check history');
    return [
      {
        check: 'check_health',
        subject: 'history',
        status: 'error',
        summary: `The check history (validation_runs/validation_results) could not be written: ${message}`,
        details: { error: message, run_id: rows.run.runId },
        facts: [
          { label: 'Check', value: 'history' },
          { label: 'Error', value: message },
        ],
      },
    ];
  }
}
