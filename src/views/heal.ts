/** Heal plans (dry run, confirmation) and outcomes as Block Kit. Pure. */
import type { KnownBlock } from '@slack/types';
import type { HealPlan } from '../heal/service.js';
import { ACTION_IDS } from './action-ids.js';
import { actions, button, context, esc, fields, type Message, section } from './blocks.js';
import { transitionLabel } from './status.js';
import { encodeValue } from './values.js';

function planFields(plan: HealPlan) {
  return fields([
    { label: 'Transition', value: `${transitionLabel(plan.transition)} (${plan.transition})` },
    { label: 'Date', value: plan.date },
    {
      label: 'Processors',
      value: `${plan.processors_complete}/${plan.expected_processors}${plan.missing.length ? ` — missing ${plan.missing.join(', ')}` : ''}`,
    },
    { label: 'Triggered', value: plan.triggered ? 'yes' : 'no' },
    { label: 'Job', value: plan.resource },
    ...(plan.next ? [{ label: 'Verified by', value: `${plan.next.collection}/${plan.next.date}` }] : []),
  ]);
}

/**
 * `--dry-run`, the CLI's plan before "Run it?" (`title: 'plan'`), or the confirmation step of
 * `/pipeline heal` (with Confirm / Cancel).
 */
export function healPlanView(
  plan: HealPlan,
  opts: { confirm: boolean; title?: 'dry_run' | 'plan' },
): Message {
  const runs = plan.blockers.length === 0;
  const title =
    opts.title === 'plan'
      ? 'Plan — nothing is recorded or run until you confirm.'
      : 'Dry run — nothing was recorded or run.';
  const head = opts.confirm
    ? runs
      ? `:wrench: *${esc(plan.label)}* will run \`${esc(plan.trigger_command)}\`${plan.force ? ' (*--force*)' : ''}. Confirm?`
      : `:no_entry: *${esc(plan.label)}* would be refused now:`
    : `:mag: ${title} *${esc(plan.label)}* ${runs ? 'would run' : 'would be refused'}: \`${esc(plan.trigger_command)}\``;
  const blocks: KnownBlock[] = [section(head), planFields(plan)];
  if (!runs) blocks.push(section(plan.blockers.map((b) => `• ${esc(b)}`).join('\n')));
  if (opts.confirm && runs) {
    blocks.push(
      actions([
        button(
          'Confirm',
          ACTION_IDS.healConfirm,
          encodeValue({ t: plan.transition, d: plan.date, ...(plan.force ? { f: true } : {}) }),
          {
            style: 'danger',
          },
        ),
        button('Cancel', ACTION_IDS.healCancel, 'cancel'),
      ]),
    );
  }
  blocks.push(
    context(
      'Every heal is recorded (who, what, when, outcome) before it runs; a second heal of the same run is refused during the cooldown.',
    ),
  );
  const text = `${opts.confirm ? 'Heal' : opts.title === 'plan' ? 'Plan' : 'Dry run'}: ${plan.trigger_command} for ${plan.transition} ${plan.date}${runs ? '' : ` — refused: ${plan.blockers.join('; ')}`}`;
  return { text, blocks };
}

export function healOutcomeView(message: string, ok: boolean): Message {
  return { text: message, blocks: [section(`${ok ? ':white_check_mark:' : ':no_entry:'} ${message}`)] };
}
