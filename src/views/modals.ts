/**
 * The alert menu's modals: *Add note* (one text box) and *Mute similar…* (matchers pre-filled from the
 * alert, a duration, a reason). The alert's fingerprint rides in `private_metadata`, validated on the way
 * back like a button value. Pure.
 */
import type { KnownBlock, ModalView } from '@slack/types';
import type { AlertFacts } from '../oncall/matchers.js';
import { VIEW_IDS } from './action-ids.js';
import { esc, section, truncate } from './blocks.js';
import { encodeValue } from './values.js';

/** Why shared: the submission listeners read back the block and action ids the modals render. */
export const MODAL_INPUTS = {
  note: { block: 'note', action: 'note_text' },
  matchers: { block: 'matchers', action: 'matchers_text' },
  duration: { block: 'duration', action: 'duration_text' },
  reason: { block: 'reason', action: 'reason_text' },
} as const;

const input = (
  ids: { block: string; action: string },
  label: string,
  opts: { initial?: string; multiline?: boolean; placeholder?: string; max?: number } = {},
): KnownBlock => ({
  type: 'input',
  block_id: ids.block,
  label: { type: 'plain_text', text: label },
  element: {
    type: 'plain_text_input',
    action_id: ids.action,
    ...(opts.multiline ? { multiline: true } : {}),
    ...(opts.initial ? { initial_value: opts.initial } : {}),
    ...(opts.placeholder ? { placeholder: { type: 'plain_text' as const, text: opts.placeholder } } : {}),
    ...(opts.max ? { max_length: opts.max } : {}),
  },
});

const modal = (
  callbackId: string,
  title: string,
  submit: string,
  fp: string,
  blocks: KnownBlock[],
): ModalView => ({
  type: 'modal',
  callback_id: callbackId,
  title: { type: 'plain_text', text: truncate(title, 24) },
  submit: { type: 'plain_text', text: submit },
  close: { type: 'plain_text', text: 'Cancel' },
  private_metadata: encodeValue({ fp }),
  blocks,
});

export function noteModal(fp: string, title: string): ModalView {
  return modal(VIEW_IDS.note, 'Add note', 'Add', fp, [
    section(`Note on *${esc(title)}* (posted in its thread and kept with the alert).`),
    input(MODAL_INPUTS.note, 'Note', { multiline: true, max: 2000 }),
  ]);
}

/** Pre-filled with the alert's check and transition (the usual "this kind of alert"), editable. */
export function muteModal(fp: string, title: string, facts: AlertFacts): ModalView {
  const matchers = [`check=${facts.check}`, ...(facts.transition ? [`transition=${facts.transition}`] : [])];
  return modal(VIEW_IDS.mute, 'Mute similar', 'Mute', fp, [
    section(
      `Hold posts and reminders of alerts like *${esc(title)}*. Everyone in the alert channel sees the silence.`,
    ),
    input(MODAL_INPUTS.matchers, 'Matchers (check= transition= subject= severity=, globs allowed)', {
      initial: matchers.join(' '),
    }),
    input(MODAL_INPUTS.duration, 'For how long', {
      initial: '2h',
      placeholder: '30m, 2h, 1d or until 08:00',
    }),
    input(MODAL_INPUTS.reason, 'Reason', { placeholder: 'why (shown to everyone)', max: 300 }),
  ]);
}
