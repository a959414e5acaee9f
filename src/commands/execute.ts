/** Executes a parsed command and returns a view. Shared by the slash command and the CLI. */

import { linkHealToAlerts } from '../alerts/heal-link.js';
import { readCompleteness } from '../checks/completeness.js';
import { failingChecksSince } from '../checks/history.js';
import type { Deps } from '../deps.js';
import type { Message } from '../views/blocks.js';
import { completenessView } from '../views/completeness.js';
import { dlqListView } from '../views/dlq.js';
import { doctorView } from '../views/doctor.js';
import { healOutcomeView, healPlanView } from '../views/heal.js';
import { healOutcomeText } from '../views/heal-outcome.js';
import { errorView, helpView } from '../views/help.js';
import { historyView } from '../views/history.js';
import type { Caller } from './caller.js';
import { executeOncall } from './oncall.js';
import type { Command, HealCommand } from './parse.js';
import { statusAnswer } from './status.js';
import { trendsAnswer } from './trends.js';

export type { Caller };

export async function executeCommand(cmd: Command, deps: Deps, caller: Caller): Promise<Message> {
  switch (cmd.kind) {
    case 'help':
      return helpView();
    case 'error':
      return helpView(cmd.message);
    case 'status':
      return statusAnswer(deps, cmd.date, caller);
    case 'completeness': {
      if (!deps.warehouse)
        return errorView('`completeness` needs the warehouse (BigQuery), which is not configured.');
      const days = cmd.days ?? deps.config.checks.completeness.lookback_days;
      return completenessView(
        await readCompleteness(deps.warehouse, deps.config, deps.clock.now(), days),
        days,
      );
    }
    case 'heal':
      return healAnswer(cmd, deps, caller);
    case 'trends':
      return trendsAnswer(deps, caller, cmd.days);
    case 'dlq':
      // Why 20: a screenful; BigQuery `dlq_messages` holds them all.
      return deps.dlq
        ? dlqListView(await deps.dlq.recent(20))
        : errorView('No dead-letter subscription is watched (`dlq.subscriptions`).');
    case 'doctor':
      return doctorAnswer(deps, caller);
    case 'history':
      return historyAnswer(cmd.days ?? 7, deps);
    default:
      return executeOncall(cmd, deps, caller);
  }
}

async function healAnswer(cmd: HealCommand, deps: Deps, caller: Caller): Promise<Message> {
  if (!deps.heal) return errorView('Heals are not enabled on this bot.');
  const request = {
    transition: cmd.target,
    date: cmd.date,
    source: caller.source,
    requestedBy: caller.userId,
    force: cmd.force,
  };
  // Run at once only from the CLI with --yes; otherwise show the plan (dry run), with Confirm in Slack.
  const runNow = caller.source === 'cli' && cmd.yes && !cmd.dryRun;
  const outcome = await deps.heal.heal({ ...request, dryRun: !runNow });
  const clock = { tz: deps.config.timezone, now: deps.clock.now() };
  if (runNow) {
    await linkHealToAlerts(deps.alerts, outcome, healOutcomeText(outcome, clock));
    return healOutcomeView(outcome, clock);
  }
  if (!outcome.plan || outcome.kind === 'denied' || outcome.kind === 'unavailable') {
    return healOutcomeView(outcome, clock, false);
  }
  return healPlanView(outcome.plan, { confirm: !cmd.dryRun && caller.source === 'slash' });
}

async function doctorAnswer(deps: Deps, caller: Caller): Promise<Message> {
  if (!deps.doctor) return errorView('`doctor` is not available on this bot.');
  // The report names the deployment's setup (project, channels, jobs): for those allowed to heal only.
  const allowed = caller.source === 'cli' || (await deps.heal?.canHeal(caller.userId).catch(() => false));
  if (!allowed)
    return errorView(
      '`doctor` is for users allowed to heal (`heal.allowed_users` / `heal.allowed_usergroups`).',
    );
  return doctorView(await deps.doctor());
}

async function historyAnswer(days: number, deps: Deps): Promise<Message> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - days * 86_400_000);
  const [heals, alerts, failing] = await Promise.all([
    deps.heal?.recent(days) ?? Promise.resolve([]),
    deps.alertStore.listSince(since),
    deps.warehouse
      ? failingChecksSince(deps.warehouse, now, deps.config.timezone, 30).then(
          (stats) => ({ stats, days: 30 }),
          (err) => {
            deps.log.warn({ err }, 'history: the check history could not be read');
            return undefined;
          },
        )
      : Promise.resolve(undefined),
  ]);
  return historyView({ days, tz: deps.config.timezone, heals, alerts, failing });
}
