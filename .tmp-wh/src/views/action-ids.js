/** Every interactive id, shared by the views that render buttons and the listeners that handle them. */
export const ACTION_IDS = {
    acknowledge: 'alert_acknowledge',
    snooze: 'alert_snooze',
    heal: 'heal_trigger',
    healConfirm: 'heal_confirm',
    healCancel: 'heal_cancel',
    runbook: 'alert_runbook',
};
export const SLASH_COMMAND = '/pipeline';
//# sourceMappingURL=action-ids.js.map