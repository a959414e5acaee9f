/** The runbook button: a link, whose action Slack still sends; it only needs an ack. */
import type { App } from '@slack/bolt';
import { ACTION_IDS } from '../../views/action-ids.js';

/** The runbook button is a link; Slack still sends an action, which only needs an ack. */
export function registerRunbook(app: App): void {
  app.action(ACTION_IDS.runbook, async ({ ack }) => {
    await ack();
  });
}
