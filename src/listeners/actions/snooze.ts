/** Snooze 1h/4h/24h from the select on the alert; the value is validated (only those durations). */

import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import type { Deps } from '../../deps.js';
import { errorRef } from '../../util/error-ref.js';
import { alertStoreSilent, LISTENER_REPLIES } from '../../views/listener-replies.js';
import { decodeValue, snoozeValue } from '../../views/values.js';
import { ephemeral, withinAnswerTime } from '../respond.js';

export function snoozeSelect(deps: Pick<Deps, 'alerts' | 'config' | 'log'>) {
  return async ({
    ack,
    body,
    action,
    respond,
  }: SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeValue(snoozeValue, action.selected_option?.value);
    if (!value) return ephemeral(respond, LISTENER_REPLIES.badSnooze);
    if (!deps.alerts) return ephemeral(respond, LISTENER_REPLIES.alertsOff);
    let message: string;
    try {
      message = (
        await withinAnswerTime(deps, deps.alerts.snooze(value.fp, body.user.id, value.h), 'the alert store')
      ).message;
    } catch (err) {
      const ref = errorRef();
      deps.log.error({ err, ref, fingerprint: value.fp }, 'snooze failed');
      message = alertStoreSilent('snoozed', ref);
    }
    return ephemeral(respond, message);
  };
}
