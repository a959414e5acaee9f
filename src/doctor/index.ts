/**
 * Runs every doctor check group (config, Slack, Firestore, BigQuery, Cloud Scheduler, heal actions) and collects one
 * report. Groups run one after another (their output reads top to bottom); a group that throws becomes a
 * failure of its own, never a crash.
 */

import { errText } from '../util/error-text.js';
import { bigqueryChecks } from './bigquery.js';
import { configCheck } from './config.js';
import { firestoreChecks } from './firestore.js';
import { healActionChecks } from './heal-actions.js';
import { schedulerChecks } from './scheduler.js';
import { slackChecks } from './slack.js';
import { type CheckGroup, type DoctorCheck, type DoctorContext, type DoctorReport, fail } from './types.js';

/** Why this order: Slack first (what users see), then the backends in the order a request meets them. */
const GROUPS: [string, CheckGroup][] = [
  ['slack', slackChecks],
  ['firestore', firestoreChecks],
  ['bigquery', bigqueryChecks],
  ['scheduler', schedulerChecks],
  ['heal', healActionChecks],
];

export function report(checks: DoctorCheck[]): DoctorReport {
  return { checks, ok: checks.every((c) => c.verdict !== 'fail') };
}

export async function runDoctor(ctx: DoctorContext): Promise<DoctorReport> {
  const checks = [configCheck(ctx.config)];
  for (const [group, run] of GROUPS) {
    try {
      checks.push(...(await run(ctx)));
    } catch (err) {
      checks.push(
        fail(group, 'checks', `could not run: ${errText(err)}`, 'see the error; re-run with LOG_LEVEL=debug'),
      );
    }
  }
  return report(checks);
}
