/**
 * Runs every doctor check group (config, Slack, Firestore, BigQuery, Cloud Scheduler, heal actions) and collects one
 * report. Groups run side by side, each under its own deadline, and report in a fixed order (top to bottom);
 * a group that throws or does not answer becomes a failure of its own, so one hung backend never hides the
 * others' results (`/pipeline doctor` answers within the slash deadline).
 */

import { DeadlineError, withDeadline } from '../util/deadline.js';
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

/** Why 8 s: under `/pipeline doctor`'s answer deadline (10 s by default, less the time to name a backend). */
const GROUP_DEADLINE_MS = 8000;

export async function runDoctor(
  ctx: DoctorContext,
  groupDeadlineMs = GROUP_DEADLINE_MS,
): Promise<DoctorReport> {
  const groups = await Promise.all(
    GROUPS.map(async ([group, run]) => {
      try {
        return await withDeadline(
          run(ctx),
          groupDeadlineMs,
          () => new DeadlineError(`no answer within ${groupDeadlineMs / 1000} s`),
        );
      } catch (err) {
        const fix =
          err instanceof DeadlineError
            ? `the ${group} backend is slow or unreachable; re-run doctor, or check its status`
            : 'see the error; re-run with LOG_LEVEL=debug';
        return [fail(group, 'checks', `could not run: ${errText(err)}`, fix)];
      }
    }),
  );
  return report([configCheck(ctx.config), ...groups.flat()]);
}
