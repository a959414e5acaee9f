/** Every interactive id, shared by the views that render buttons and the listeners that handle them. */
export const ACTION_IDS = {
  acknowledge: 'alert_acknowledge',
  snooze: 'alert_snooze',
  heal: 'heal_trigger',
  healConfirm: 'heal_confirm',
  healCancel: 'heal_cancel',
  runbook: 'alert_runbook',
  dlqReplay: 'dlq_replay',
  dlqMarkHandled: 'dlq_mark_handled',
} as const;

export type ActionId = (typeof ACTION_IDS)[keyof typeof ACTION_IDS];

export const SLASH_COMMAND = '/pipeline';
