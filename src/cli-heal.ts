/**
 * `pipeline-bot heal` (SPEC §5 from the terminal): an unknown target is a usage error (2); otherwise the
 * plan, then (unless `--dry-run`) a confirmation (or `--yes`) and the heal.
 */

import { linkHealToAlerts } from './alerts/heal-link.js';
import type { CliIo } from './cli-io.js';
import type { Command } from './commands/parse.js';
import { findTransition } from './config.js';
import type { Deps } from './deps.js';
import type { Message } from './views/blocks.js';
import { healOutcomeView, healPlanView } from './views/heal.js';
import { healOutcomeText } from './views/heal-outcome.js';
import { renderMessage } from './views/terminal.js';

type HealCommand = Extract<Command, { kind: 'heal' }>;

/**
 * Exit 0 only when the job ran (or, for `--dry-run`, would run); 1 when refused, cancelled or failed;
 * 2 when heals are off or the target is unknown.
 */
export async function cliHeal(cmd: HealCommand, deps: Deps, user: string, io: CliIo): Promise<number> {
  const show = (m: Message) => io.out(renderMessage(m, { color: io.color }));
  const clock = () => ({ tz: deps.config.timezone, now: deps.clock.now() });
  if (!deps.heal) {
    io.err('pipeline-bot: heals are not enabled');
    return 2;
  }
  const target = findTransition(deps.config, cmd.target);
  if (!target?.heal) {
    const known = deps.config.transitions.filter((t) => t.heal).map((t) => t.id);
    io.err(
      `pipeline-bot: no heal target "${cmd.target}". Use one of: ${known.join(', ') || '(none configured)'}, or the phase it starts (e.g. phase3).`,
    );
    return 2;
  }
  const request = {
    transition: cmd.target,
    date: cmd.date,
    source: 'cli' as const,
    requestedBy: user,
    force: cmd.force,
  };
  if (cmd.dryRun || !cmd.yes) {
    const preview = await deps.heal.heal({ ...request, dryRun: true });
    if (!preview.plan || preview.kind !== 'dry_run') {
      show(healOutcomeView(preview, clock(), false));
      return 1;
    }
    show(healPlanView(preview.plan, { confirm: false, title: cmd.dryRun ? 'dry_run' : 'plan' }));
    if (!preview.ok) io.out(healOutcomeText(preview, clock()));
    if (cmd.dryRun || !preview.ok) return preview.ok ? 0 : 1;
    if (!io.ask) {
      io.err('\nNot run: re-run with --yes to confirm (no terminal to ask).');
      return 1;
    }
    const answer = (await io.ask('\nRun it? [y/N] ')).trim().toLowerCase();
    if (answer !== 'y' && answer !== 'yes') {
      io.out('Cancelled; nothing was run.');
      return 1;
    }
  }
  const outcome = await deps.heal.heal(request);
  await linkHealToAlerts(deps.alerts, outcome, healOutcomeText(outcome, clock()));
  show(healOutcomeView(outcome, clock()));
  await deps.heal.settled();
  return outcome.ok ? 0 : 1;
}
