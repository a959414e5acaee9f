/**
 * Every Slack listener, registered in one place: which handler answers which command, action id, modal
 * and event. The handlers live one per file (commands/, actions/, views/, events/), each a plain exported
 * function typed with Bolt's own middleware arguments, so tests call them directly with a fake ack.
 */
import type {
  App,
  BlockAction,
  ButtonAction,
  OverflowAction,
  StaticSelectAction,
  ViewSubmitAction,
} from '@slack/bolt';
import { ErrorCode } from '@slack/bolt/dist/errors.js';
import type { Deps } from '../deps.js';
import { ACTION_IDS, SLASH_COMMAND, VIEW_IDS } from '../views/action-ids.js';
import { acknowledgeButton } from './actions/acknowledge.js';
import { alertMenu } from './actions/alert-menu.js';
import { dlqButton } from './actions/dlq-button.js';
import { healButton } from './actions/heal-button.js';
import { healCancelButton } from './actions/heal-cancel.js';
import { runbookLink } from './actions/runbook.js';
import { snoozeSelect } from './actions/snooze.js';
import { unknownActions } from './actions/unknown.js';
import { pipelineCommand } from './commands/pipeline.js';
import { appHomeOpened } from './events/app-home.js';
import { muteModalSubmit } from './views/mute-modal.js';
import { noteModalSubmit } from './views/note-modal.js';

export function registerListeners(app: App, deps: Deps): void {
  // First: a button this version does not know is answered before any listener is looked up.
  app.use(unknownActions(deps));
  app.command(SLASH_COMMAND, pipelineCommand(deps));

  app.action<BlockAction<ButtonAction>>(ACTION_IDS.acknowledge, acknowledgeButton(deps));
  app.action<BlockAction<StaticSelectAction>>(ACTION_IDS.snooze, snoozeSelect(deps));
  app.action<BlockAction<OverflowAction>>(ACTION_IDS.overflow, alertMenu(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.runbook, runbookLink);
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.heal, healButton(deps, 'button'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.healConfirm, healButton(deps, 'slash'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.healCancel, healCancelButton);
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.dlqReplay, dlqButton(deps, 'replayed'));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.dlqMarkHandled, dlqButton(deps, 'dismissed'));

  app.view<ViewSubmitAction>(VIEW_IDS.note, noteModalSubmit(deps));
  app.view<ViewSubmitAction>(VIEW_IDS.mute, muteModalSubmit(deps));

  app.event('app_home_opened', appHomeOpened(deps));

  app.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError) {
      // Another workspace (or no workspace): rethrown so the receiver answers 401 instead of a silent 200.
      deps.log.warn({ reason: error.message }, 'Slack request refused');
      throw error;
    }
    // Backstop: anything a listener did not handle is logged with its code, never swallowed.
    deps.log.error({ err: error, code: error.code }, 'unhandled Slack listener error');
  });
}
