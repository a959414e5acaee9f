/** Every interactive id: action ids, modal callback ids and the slash command. */
/** Why one table: a button and its listener share each id, and the unknown-action guard knows them all. */
export const ACTION_IDS = {
  acknowledge: 'alert_acknowledge',
  snooze: 'alert_snooze',
  heal: 'heal_trigger',
  healConfirm: 'heal_confirm',
  healCancel: 'heal_cancel',
  runbook: 'alert_runbook',
  /** The alert's overflow menu: Resolve manually, Add note…, Mute similar… */
  overflow: 'alert_overflow',
  dlqReplay: 'dlq_replay',
  dlqMarkHandled: 'dlq_mark_handled',
} as const;

/** Why here: modal `callback_id`s (view submissions), next to the action ids they come from. */
export const VIEW_IDS = {
  note: 'alert_note_modal',
  mute: 'alert_mute_modal',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

/** Why /pipeline: the command SPEC §6 names and manifest.yml declares. */
export const SLASH_COMMAND = '/pipeline';
