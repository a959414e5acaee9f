/** Heal plans (dry run, confirmation) and outcomes as Block Kit. Pure. */
import type { KnownBlock } from '@slack/types';
import type { ActionPlan } from '../heal/ports.js';
import type { HealOutcome, HealPlan } from '../heal/service.js';
import { ACTION_IDS } from './action-ids.js';
import { actions, button, context, esc, fields, type Message, section } from './blocks.js';
import { actionPhrase } from './heal-action-text.js';
import { healOutcomeText, type TextClock } from './heal-outcome.js';
import { transitionLabel } from './status.js';
import { encodeValue } from './values.js';

/** The action's own facts: the Scheduler job, or the topic and message, or the URL and body. */
function actionFieldsOf(a: ActionPlan): { label: string; value: string }[] {
  switch (a.kind) {
    case 'scheduler_job':
      return [{ label: 'Job', value: a.resource }];
    case 'pubsub': {
      const attrs = Object.entries(a.attributes).map(([k, v]) => `${k}=${v}`);
      return [
        {
          label: 'Publish to',
          value: `topic ${a.topic}${a.ordering_key ? ` (ordering key ${a.ordering_key})` : ''}`,
        },
        { label: 'Message', value: a.message },
        ...(attrs.length ? [{ label: 'Attributes', value: attrs.join(', ') }] : []),
      ];
    }
    case 'http':
      return [
        { label: 'POST to', value: `${a.url} (Google ID token for ${a.audience})` },
        { label: 'Body', value: a.body },
      ];
  }
}

function planFields(plan: HealPlan) {
  return fields([
    { label: 'Transition', value: `${transitionLabel(plan.transition)} (${plan.transition})` },
    { label: 'Date', value: plan.date },
    {
      label: 'Processors',
      value: `${plan.processors_complete}/${plan.expected_processors}${plan.missing.length ? ` — missing ${plan.missing.join(', ')}` : ''}`,
    },
    { label: 'Triggered', value: plan.triggered ? 'yes' : 'no' },
    ...actionFieldsOf(plan.action),
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
      ? `:wrench: *${esc(plan.label)}* will ${esc(actionPhrase(plan.action, plan.trigger_command))}${plan.force ? ' (*--force*)' : ''}. Confirm?`
      : `:no_entry: *${esc(plan.label)}* would be refused now:`
    : `:mag: ${title} *${esc(plan.label)}* ${runs ? `would ${esc(actionPhrase(plan.action, plan.trigger_command))}` : `would be refused: \`${esc(plan.trigger_command)}\``}`;
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

/** A heal outcome as a message (the reply to the clicker, the CLI's output). */
export function healOutcomeView(outcome: HealOutcome, clock: TextClock, ok = outcome.ok): Message {
  const message = healOutcomeText(outcome, clock);
  return { text: message, blocks: [section(`${ok ? ':white_check_mark:' : ':no_entry:'} ${message}`)] };
}
