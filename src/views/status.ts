/** `/pipeline status` as Block Kit. Pure. */
import type { KnownBlock } from '@slack/types';
import type { StatusItem, StatusModel } from '../checks/status.js';
import { localTime } from '../pipeline/dates.js';
import type { HealAction, TransitionStateName } from '../pipeline/types.js';
import { ACTION_IDS } from './action-ids.js';
import { button, capBlocks, context, divider, esc, header, type Message, section } from './blocks.js';
import { encodeValue } from './values.js';

/** Why these: red for stuck and overdue, green triggered, as in every view; the terminal draws shapes. */
export const STATE_ICON: Record<TransitionStateName, string> = {
  triggered: ':large_green_circle:',
  waiting: ':hourglass_flowing_sand:',
  idle: ':white_circle:',
  stuck: ':red_circle:',
  overdue: ':red_circle:',
};

/** `phase2_to_phase3` → `Phase 2 → 3`. */
export function transitionLabel(id: string): string {
  const m = /^phase(\d+)_to_phase(\d+)$/.exec(id);
  return m ? `Phase ${m[1]} → ${m[2]}` : id;
}

/** What the heal button's action does, in the confirm dialog (the button is drawn before any plan). */
function healActionSentence(heal: HealAction, date: string): string {
  switch (heal.action) {
    case 'scheduler_job':
      return `This runs Cloud Scheduler job \`${esc(heal.job)}\` (${esc(heal.location)}), which starts the next phase for its own date`;
    case 'pubsub':
      return `This publishes the trigger message for ${date} to Pub/Sub topic \`${esc(heal.topic)}\``;
    case 'http':
      return `This POSTs ${date} to the orchestrator at ${esc(heal.url)}`;
  }
}

/** Why: Slack rejects a confirm dialog whose text is longer than 300 characters. */
const CONFIRM_TEXT_MAX = 300;

export function healConfirmDialog(heal: HealAction, transition: string, date: string) {
  const text = `*${esc(heal.label)}* for ${transition} ${date}. ${healActionSentence(heal, date)}; it is recorded with your name.`;
  return {
    title: { type: 'plain_text' as const, text: 'Run the heal?' },
    text: {
      type: 'mrkdwn' as const,
      text: text.length > CONFIRM_TEXT_MAX ? `${text.slice(0, CONFIRM_TEXT_MAX - 1)}…` : text,
    },
    confirm: { type: 'plain_text' as const, text: 'Run it' },
    deny: { type: 'plain_text' as const, text: 'Cancel' },
  };
}

function line(item: StatusItem, tz: string): string {
  const s = item.state;
  const parts = [`${STATE_ICON[s.state]} *${s.state}*`];
  if (s.state !== 'idle') parts.push(`${s.complete.length}/${s.expected.length} processors`);
  else parts.push('no games scheduled');
  if (s.state === 'triggered' && s.triggeredAt) {
    parts.push(
      `triggered ${localTime(s.triggeredAt, tz)}${s.triggerReason ? ` (${esc(s.triggerReason)})` : ''}`,
    );
  }
  if (s.state === 'stuck' && s.allCompleteAt) parts.push(`all in since ${localTime(s.allCompleteAt, tz)}`);
  if (s.state === 'overdue' && s.deadlineAt) parts.push(`deadline ${localTime(s.deadlineAt, tz)} passed`);
  if (s.state === 'waiting' && s.nextChangeAt) parts.push(`next verdict ${localTime(s.nextChangeAt, tz)}`);
  const rows = [parts.join(' · ')];
  if (s.missing.length && s.state !== 'idle')
    rows.push(`Missing: ${s.missing.map((m) => `\`${esc(m)}\``).join(', ')}`);
  if (item.silent.length)
    rows.push(`:warning: Silent for days (drift): ${item.silent.map((m) => `\`${esc(m)}\``).join(', ')}`);
  if (s.unexpected.length) rows.push(`Unexpected: ${s.unexpected.map((m) => `\`${esc(m)}\``).join(', ')}`);
  if (item.openAlerts)
    rows.push(
      `:rotating_light: ${item.openAlerts} open alert${item.openAlerts > 1 ? 's' : ''}${item.mutedAlerts ? ` (${item.mutedAlerts} muted)` : ''}`,
    );
  return rows.join('\n');
}

export function statusView(model: StatusModel, opts: { canHeal?: boolean } = {}): Message {
  const blocks: KnownBlock[] = [header(`Pipeline status · ${model.runDate}`)];
  const textLines: string[] = [`Pipeline status for ${model.runDate}`];
  for (const item of model.items) {
    const t = item.transition;
    const s = item.state;
    const heal =
      s.state === 'stuck' && t.heal && opts.canHeal !== false
        ? button(t.heal.label, ACTION_IDS.heal, encodeValue({ t: t.id, d: s.date }), {
            style: 'primary',
            confirm: healConfirmDialog(t.heal, t.id, s.date),
          })
        : undefined;
    blocks.push(divider());
    blocks.push(
      section(
        `*${transitionLabel(t.id)}* · \`${t.id}\` · ${s.date}\n${line(item, model.tz)}`,
        heal ? { accessory: heal } : {},
      ),
    );
    textLines.push(
      `${t.id} ${s.date}: ${s.state} (${s.complete.length}/${s.expected.length})${s.missing.length ? ` missing ${s.missing.join(', ')}` : ''}`,
    );
  }
  blocks.push(context(`As of ${localTime(model.now, model.tz)} ${model.tz} · \`/pipeline help\` for more`));
  return { text: textLines.join('\n'), blocks: capBlocks(blocks) };
}
