/**
 * The alert's overflow menu: *Resolve manually* (at once), *Add note…* and *Mute similar…* (open a
 * modal). The value is validated and the alert re-read; nothing in it is trusted.
 */

import type { AllMiddlewareArgs, BlockAction, OverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { alertFacts } from '../../alerts/oncall-tick.js';
import type { Deps } from '../../deps.js';
import { errorRef } from '../../util/error-ref.js';
import { alertTitle } from '../../views/alert.js';
import { LISTENER_REPLIES, menuFailed } from '../../views/listener-replies.js';
import { muteModal, noteModal } from '../../views/modals.js';
import { decodeValue, overflowValue } from '../../views/values.js';
import { ephemeral, withinAnswerTime } from '../respond.js';

export function alertMenu(deps: Pick<Deps, 'alerts' | 'alertStore' | 'config' | 'log'>) {
  return async ({
    ack,
    body,
    action,
    respond,
    client,
  }: SlackActionMiddlewareArgs<BlockAction<OverflowAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeValue(overflowValue, action.selected_option?.value);
    if (!value) return ephemeral(respond, LISTENER_REPLIES.badMenu);
    if (!deps.alerts) return ephemeral(respond, LISTENER_REPLIES.alertsOff);
    try {
      if (value.a === 'resolve') {
        const resolving = deps.alerts.resolveManually(value.fp, body.user.id);
        return ephemeral(respond, (await withinAnswerTime(deps, resolving, 'the alert store')).message);
      }
      const alert = await withinAnswerTime(deps, deps.alertStore.get(value.fp), 'the alert store');
      if (!alert) return ephemeral(respond, LISTENER_REPLIES.alertGone);
      const title = alertTitle(alert);
      const view =
        value.a === 'note'
          ? noteModal(alert.fingerprint, title)
          : muteModal(alert.fingerprint, title, alertFacts(alert, deps.config));
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref, fingerprint: value.fp, option: value.a }, 'alert menu failed');
      return ephemeral(respond, menuFailed(ref));
    }
  };
}
