/** Acknowledge on an alert: any channel member may; the value is validated, the alert re-read from the store. */

import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { errorRef } from '../../util/error-ref.js';
import { alertStoreSilent, LISTENER_REPLIES } from '../../views/listener-replies.js';
import { alertValue, decodeValue } from '../../views/values.js';
import { ephemeral, withinAnswerTime } from '../respond.js';

export function acknowledgeButton(deps: Pick<Deps, 'alerts' | 'config' | 'log'>) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeValue(alertValue, action.value);
    if (!value) return ephemeral(respond, LISTENER_REPLIES.badButton);
    if (!deps.alerts) return ephemeral(respond, LISTENER_REPLIES.alertsOff);
    let message: string;
    try {
      message = (
        await withinAnswerTime(deps, deps.alerts.acknowledge(value.fp, body.user.id), 'the alert store')
      ).message;
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref, fingerprint: value.fp }, 'acknowledge failed');
      message = alertStoreSilent('acknowledged', ref);
    }
    return ephemeral(respond, message);
  };
}
