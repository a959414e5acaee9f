/** Registers every listener, one per file (commands/, actions/, events/). */
import type { App } from '@slack/bolt';
import { ErrorCode } from '@slack/bolt/dist/errors.js';
import type { Deps } from '../deps.js';
import { registerAcknowledge } from './actions/acknowledge.js';
import { registerAlertMenu } from './actions/alert-menu.js';
import { registerDlqActions } from './actions/dlq.js';
import { registerHealActions } from './actions/heal.js';
import { registerRunbook } from './actions/runbook.js';
import { registerSnooze } from './actions/snooze.js';
import { registerUnknownActions } from './actions/unknown.js';
import { registerPipelineCommand } from './commands/pipeline.js';
import { registerAppHome } from './events/app-home.js';
import { registerAlertModals } from './views/alert-modals.js';

export function register(app: App, deps: Deps): void {
  registerUnknownActions(app, deps);
  registerPipelineCommand(app, deps);
  registerAcknowledge(app, deps);
  registerSnooze(app, deps);
  registerRunbook(app);
  registerHealActions(app, deps);
  registerDlqActions(app, deps);
  registerAppHome(app, deps);
  registerAlertMenu(app, deps);
  registerAlertModals(app, deps);
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
